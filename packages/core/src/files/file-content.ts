import { validationErrorFrom } from '../validation.js';
import { InitialFile } from '../domain/initial-file.js';
import { ValidationError } from '../errors.js';
import { SessionId } from '../ids/index.js';
import type { FileEncoding } from './session-file-system.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextEncoder();

/**
 * Checks content before it is stored: it must be a string, and base64 content
 * must be canonical (padded, no whitespace, zero trailing bits) so every
 * backend — including those that store the decoded bytes — reads back the
 * exact text written, and hashes agree.
 */
export function validateContent(content: unknown, encoding: FileEncoding): string {
  if (typeof content !== 'string') {
    throw new ValidationError(`file content must be a string, got ${typeof content}`, [{ path: 'content', message: 'expected a string' }]);
  }
  if (encoding === 'base64' && !(BASE64.test(content) && btoa(atob(content)) === content)) {
    throw new ValidationError('file content is not canonical base64 (standard alphabet, padded, no whitespace)', [
      { path: 'content', message: 'invalid base64' },
    ]);
  }
  return content;
}

/** `sizeBytes` of content as stored: UTF-8 bytes for text, the length of the base64 text for base64. */
export function storedSize(content: string, encoding: FileEncoding): number {
  return encoding === 'base64' ? content.length : utf8.encode(content).length;
}

/** Parses a session id at a file system boundary; a malformed one (e.g. `../x`) is a `ValidationError`. */
export function parseSessionIdForFiles(sessionId: unknown): SessionId {
  const result = SessionId.schema.safeParse(sessionId);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'invalid session id';
  throw new ValidationError(message, [{ path: 'sessionId', message }]);
}

/** Validates an initial file at the `seed` boundary, applying its defaults (text, writable). */
export function parseInitialFile(file: unknown): InitialFile {
  const result = InitialFile.safeParse(file);
  if (result.success) return result.data;
  throw validationErrorFrom('initial file', result.error.issues, 'file');
}
