import { RuntimeError, ValidationError } from '../errors.js';

/**
 * A path was refused: `..` traversal, a NUL byte, an over-long path or
 * segment, a non-string, or a name the backend reserves. Nothing was touched.
 */
export class InvalidPathError extends ValidationError {
  override name = 'InvalidPathError';
  constructor(
    /** The path as given (cut to 200 characters so a huge input does not flood logs). */
    readonly path: string,
    reason: string,
  ) {
    super(`invalid path ${JSON.stringify(shorten(path))}: ${reason}`, [{ path: 'path', message: reason }]);
  }
}

/** A write (or seed) targeted a read-only file; the file is unchanged. */
export class ReadOnlyFileError extends RuntimeError {
  override name = 'ReadOnlyFileError';
  constructor(readonly path: string) {
    super('read_only', `file is read-only: ${path}`);
  }
}

/** Content is over the file system's size limit; nothing was stored. */
export class FileTooLargeError extends RuntimeError {
  override name = 'FileTooLargeError';
  constructor(
    readonly path: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super('limit_exceeded', `file too large: ${path} is ${sizeBytes} bytes, the limit is ${limitBytes} bytes`);
  }
}

/** A file operation (write, read) targeted a directory. */
export class IsADirectoryError extends ValidationError {
  override name = 'IsADirectoryError';
  constructor(readonly path: string) {
    super(`is a directory: ${path}`, [{ path: 'path', message: 'is a directory' }]);
  }
}

/** A directory operation met a file, either at the path or at one of its parents. */
export class NotADirectoryError extends ValidationError {
  override name = 'NotADirectoryError';
  constructor(readonly path: string) {
    super(`not a directory: ${path}`, [{ path: 'path', message: 'not a directory' }]);
  }
}

function shorten(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
