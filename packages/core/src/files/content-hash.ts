// node:crypto keeps this synchronous and fast; core is otherwise runtime-neutral,
// and every file system the runtime ships runs on Node.
import { createHash } from 'node:crypto';

/**
 * The hash of a file's stored content, `sha256:<hex>`: the SHA-256 of the
 * UTF-8 bytes of the content string as stored (for base64 files, of the
 * base64 text). Every implementation computes it the same way, so a hash read
 * from one call is a valid `ifMatch` for the next.
 */
export function contentHash(content: string): string {
  return `sha256:${createHash('sha256').update(content, 'utf8').digest('hex')}`;
}
