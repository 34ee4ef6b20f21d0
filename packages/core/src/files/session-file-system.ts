import type { InitialFile } from '../domain/initial-file.js';
import type { SessionId } from '../ids/index.js';

export type FileEncoding = 'text' | 'base64';

/** Metadata of a file or directory (no content). */
export interface FileInfo {
  /** Session path, always starting with `/` (see `toSessionPath`). */
  path: string;
  /** Base name; `""` for the root. */
  name: string;
  isDirectory: boolean;
  isReadonly: boolean;
  /** Byte length of the content as stored (for base64, the length of the base64 text). */
  sizeBytes: number;
  encoding: FileEncoding;
  /** `sha256:<hex>` of the stored content; absent for directories. */
  contentHash?: string;
  createdAt: string;
  updatedAt: string;
}

/** A file with its content. */
export interface SessionFile extends FileInfo {
  content: string;
}

/** One grep hit. `lineNumber` is 1-based. */
export interface GrepMatch {
  path: string;
  lineNumber: number;
  line: string;
}

/** Conditions on a write, for races. */
export interface WriteOptions {
  encoding?: FileEncoding;
  /** Create-only: fail with `ConflictError` when the path exists. */
  ifNoneMatch?: boolean;
  /** Compare-and-swap: fail with `ConflictError` unless the current `contentHash` equals this. */
  ifMatch?: string;
}

/** Bounds on a grep so one call cannot read everything. */
export interface GrepOptions {
  /** Glob (when it contains `* ? [ {`) or substring filter on the path. */
  pathPattern?: string;
  /** Stop after this many matches (default 1000). */
  maxMatches?: number;
  /** Scan at most this many files (default 10,000). */
  maxFiles?: number;
  /** Read at most this many bytes in total (default 64 MiB). */
  maxBytes?: number;
}

export interface GrepResult {
  matches: GrepMatch[];
  /** True when a limit stopped the scan early. */
  truncated: boolean;
  filesScanned: number;
}

export interface ListOptions {
  offset?: number;
  /** Default 200, at most 1000. */
  limit?: number;
}

export interface ListResult {
  entries: FileInfo[];
  /** Number of direct children in all. */
  totalCount: number;
}

/**
 * A session's workspace. Every path is a session path: tools pass
 * `/workspace/...` or `/...`, and implementations normalise with
 * `toSessionPath` (which also rejects `..`, NUL bytes and over-long paths).
 * One session can never see another's files.
 *
 * Contract:
 * - `read`/`stat` return `undefined` for a missing path.
 * - `write` creates or overwrites and creates parent directories; a read-only
 *   target fails with `ReadOnlyFileError`; a write resets `isReadonly` to
 *   false; content over the size limit fails with `FileTooLargeError` before
 *   anything is stored; writing onto a directory fails.
 * - `delete` returns false for the root, a missing path, a read-only file, or
 *   a non-empty directory without `recursive`.
 * - `list` gives the direct children sorted by path; a missing path or a file gives none.
 * - `grep` is a plain substring search over text files, bounded by `GrepOptions`.
 * - `seed` writes an initial file then applies its read-only flag.
 *
 * Details every implementation shares (checked by the testkit conformance suite):
 * - Bad paths throw `InvalidPathError`; a malformed session id throws `ValidationError`.
 * - `read` of a directory throws `IsADirectoryError`; writing under a file throws `NotADirectoryError`.
 * - `ifNoneMatch` on an existing path, and `ifMatch` on a missing file or a
 *   different `contentHash`, throw `ConflictError` and change nothing.
 * - base64 content must be canonical base64 (`ValidationError` otherwise); it
 *   reads back exactly as written.
 * - The root `/` always exists; `mkdir` is idempotent.
 */
export interface SessionFileSystem {
  /** How the root is shown to the model: `/workspace` for virtual stores. */
  readonly displayRoot: string;
  read(sessionId: SessionId, path: string): Promise<SessionFile | undefined>;
  stat(sessionId: SessionId, path: string): Promise<FileInfo | undefined>;
  write(sessionId: SessionId, path: string, content: string, options?: WriteOptions): Promise<FileInfo>;
  delete(sessionId: SessionId, path: string, options?: { recursive?: boolean }): Promise<boolean>;
  list(sessionId: SessionId, path: string, options?: ListOptions): Promise<ListResult>;
  grep(sessionId: SessionId, pattern: string, options?: GrepOptions): Promise<GrepResult>;
  mkdir(sessionId: SessionId, path: string): Promise<FileInfo>;
  seed(sessionId: SessionId, file: InitialFile): Promise<void>;
}

/** Creates the file system a runtime uses. */
export interface SessionFileSystemFactory {
  readonly name: string;
  create(): SessionFileSystem | Promise<SessionFileSystem>;
}
