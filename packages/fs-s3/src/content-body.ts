import type { FileEncoding } from '@org/core';

/**
 * Object bodies hold the file's real bytes: text as UTF-8, base64 content
 * decoded, so objects are ordinary files to other S3 tools. Core requires
 * canonical base64, so encoding the bytes again gives back exactly the text
 * written.
 */
export function toObjectBody(content: string, encoding: FileEncoding): Buffer {
  return Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8');
}

/** The file content of an object body. */
export function fromObjectBody(body: Uint8Array, encoding: FileEncoding): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return bytes.toString(encoding === 'base64' ? 'base64' : 'utf8');
}

/** `sizeBytes` (as core counts it) of an object of `objectBytes` bytes: base64 text is 4 characters per 3 bytes. */
export function storedSizeOfObject(objectBytes: number, encoding: FileEncoding): number {
  return encoding === 'base64' ? Math.ceil(objectBytes / 3) * 4 : objectBytes;
}

/** The object's content type, for other S3 tools. */
export function contentTypeOf(encoding: FileEncoding): string {
  return encoding === 'base64' ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}
