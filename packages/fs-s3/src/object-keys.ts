import { InvalidPathError, type SessionId } from '@org/core';

/** S3's limit on the length of a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * Where a session's files live in the bucket:
 * `<prefix>/<sessionId>/<escaped segment>/<escaped segment>…`.
 *
 * Each path segment is escaped with `encodeURIComponent`, so a segment can
 * never contain a raw `/` and so never adds a level to the key; segments made
 * only of dots are fully percent-encoded as well, so even a store that maps
 * keys onto a file system (as some local servers do) never sees `.`/`..`.
 * Together with core's path rules (which already reject `..`), no session
 * path can produce a key outside its own session's prefix. Session ids are
 * validated by core and escaped the same way.
 *
 * Directories have no object of their own: a directory exists while some key
 * lies below `<dir key>/`. `mkdir` adds a zero-byte marker object at exactly
 * `<dir key>/` (a key no file path can produce, since session paths never end
 * in `/`) so an empty directory can exist.
 */
export class SessionKeys {
  /** `<prefix>/<sessionId>/`, the prefix every key of this session starts with. */
  readonly root: string;

  constructor(prefix: string, sessionId: SessionId) {
    this.root = `${prefix === '' ? '' : `${prefix}/`}${escapeSegment(sessionId)}/`;
  }

  /**
   * The object key of a file at `sessionPath` (not the root). S3 keys hold at
   * most 1024 bytes; a path whose key (or directory marker, one byte more)
   * would not fit is refused with `InvalidPathError`.
   */
  fileKey(sessionPath: string): string {
    const key = this.root + sessionPath.slice(1).split('/').map(escapeSegment).join('/');
    const bytes = Buffer.byteLength(key);
    if (bytes > MAX_KEY_BYTES - 1) {
      throw new InvalidPathError(sessionPath, `is too long for S3: its escaped key is ${bytes} bytes, the limit is ${MAX_KEY_BYTES - 1}`);
    }
    return key;
  }

  /** The prefix of everything under the directory `sessionPath` (`root` for `/`); also its marker key. */
  directoryPrefix(sessionPath: string): string {
    return sessionPath === '/' ? this.root : `${this.fileKey(sessionPath)}/`;
  }

  /** The session path of a key under `root`, or undefined for a directory marker or a foreign key. */
  pathOfFileKey(key: string): string | undefined {
    if (!key.startsWith(this.root) || key.endsWith('/') || key.length === this.root.length) return undefined;
    return `/${key.slice(this.root.length).split('/').map(unescapeSegment).join('/')}`;
  }

  /** The session path of a common prefix (`<dir key>/`) under `root`. */
  pathOfDirectoryPrefix(prefix: string): string | undefined {
    if (!prefix.startsWith(this.root) || !prefix.endsWith('/') || prefix.length === this.root.length) return undefined;
    return this.pathOfFileKey(prefix.slice(0, -1));
  }
}

/** Escapes one path segment for use in a key (see {@link SessionKeys}). */
export function escapeSegment(segment: string): string {
  let escaped: string;
  try {
    escaped = encodeURIComponent(segment);
  } catch {
    // encodeURIComponent throws on lone UTF-16 surrogates, which no file name can be stored as.
    throw new InvalidPathError(segment, 'contains an unpaired UTF-16 surrogate');
  }
  return /^\.+$/.test(escaped) ? '%2E'.repeat(escaped.length) : escaped;
}

/** Reverses {@link escapeSegment}; a segment that was not escaped by it is returned as is. */
export function unescapeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
