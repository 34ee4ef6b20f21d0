import {
  ancestorPaths,
  basename,
  ConflictError,
  contentHash,
  type FileEncoding,
  type FileInfo,
  type FileSystemLimitsOptions,
  FileTooLargeError,
  type GrepOptions,
  type GrepResult,
  type InitialFile,
  IsADirectoryError,
  isWithin,
  type ListOptions,
  type ListResult,
  NotADirectoryError,
  now,
  parentPath,
  parseInitialFile,
  parseSessionIdForFiles,
  pathFilter,
  ReadOnlyFileError,
  searchFiles,
  resolveFileSystemLimits,
  resolveGrepOptions,
  resolveListOptions,
  resolveWriteOptions,
  type SessionFile,
  type SessionFileSystem,
  type SessionFileSystemFactory,
  type SessionId,
  storedSize,
  toSessionPath,
  validateContent,
  validateGrepPattern,
  WORKSPACE_ROOT,
  type WriteOptions,
} from '@org/core';

/** One stored file or directory. Directories have empty content and no hash. */
interface Entry {
  isDirectory: boolean;
  content: string;
  encoding: FileEncoding;
  isReadonly: boolean;
  sizeBytes: number;
  contentHash: string | undefined;
  createdAt: string;
  updatedAt: string;
}

/** Options of {@link MemorySessionFileSystem}. */
export type MemorySessionFileSystemOptions = FileSystemLimitsOptions;

/**
 * A session file system held in process memory, keyed by (session id, path).
 * The root `/` always exists; every operation runs to completion without
 * awaiting, so racing writes to one path are serialised (exactly one
 * create-only write wins). Results are copies: mutating them changes nothing
 * stored. Everything is lost when the process exits.
 */
export class MemorySessionFileSystem implements SessionFileSystem {
  readonly displayRoot = WORKSPACE_ROOT;
  private readonly sessions = new Map<SessionId, Map<string, Entry>>();
  private readonly maxFileBytes: number;
  private readonly rootCreatedAt = now();

  constructor(options: MemorySessionFileSystemOptions = {}) {
    this.maxFileBytes = resolveFileSystemLimits(options).maxFileBytes;
  }

  async read(sessionId: SessionId, path: string): Promise<SessionFile | undefined> {
    const { entries, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') throw new IsADirectoryError(sessionPath);
    const entry = entries?.get(sessionPath);
    if (!entry) return undefined;
    if (entry.isDirectory) throw new IsADirectoryError(sessionPath);
    return { ...toInfo(sessionPath, entry), content: entry.content };
  }

  async stat(sessionId: SessionId, path: string): Promise<FileInfo | undefined> {
    const { entries, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') return this.rootInfo();
    const entry = entries?.get(sessionPath);
    return entry ? toInfo(sessionPath, entry) : undefined;
  }

  async write(sessionId: SessionId, path: string, content: string, options?: WriteOptions): Promise<FileInfo> {
    const { id, sessionPath } = this.locate(sessionId, path);
    const { encoding, ifNoneMatch, ifMatch } = resolveWriteOptions(options);
    return this.store(id, sessionPath, validateContent(content, encoding), encoding, { ifNoneMatch, ifMatch, readonly: false });
  }

  async delete(sessionId: SessionId, path: string, options?: { recursive?: boolean }): Promise<boolean> {
    const { entries, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/' || !entries) return false;
    const entry = entries.get(sessionPath);
    if (!entry || entry.isReadonly) return false;
    if (!entry.isDirectory) return entries.delete(sessionPath);
    const subtree = [...entries.entries()].filter(([p]) => p !== sessionPath && isWithin(sessionPath, p));
    if (subtree.length > 0 && options?.recursive !== true) return false;
    // A read-only file cannot be deleted on its own, so it cannot be deleted through its directory either.
    if (subtree.some(([, e]) => e.isReadonly)) return false;
    for (const [p] of subtree) entries.delete(p);
    return entries.delete(sessionPath);
  }

  async list(sessionId: SessionId, path: string, options?: ListOptions): Promise<ListResult> {
    const { entries, sessionPath } = this.locate(sessionId, path);
    const { offset, limit } = resolveListOptions(options);
    const isDirectory = sessionPath === '/' || entries?.get(sessionPath)?.isDirectory === true;
    if (!entries || !isDirectory) return { entries: [], totalCount: 0 };
    const children = [...entries.entries()]
      .filter(([p]) => p !== '/' && parentPath(p) === sessionPath)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      entries: children.slice(offset, offset + limit).map(([p, e]) => toInfo(p, e)),
      totalCount: children.length,
    };
  }

  async grep(sessionId: SessionId, pattern: string, options?: GrepOptions): Promise<GrepResult> {
    const { entries } = this.locate(sessionId, '/');
    const needle = validateGrepPattern(pattern);
    const bounds = resolveGrepOptions(options);
    const matchesPath = pathFilter(bounds.pathPattern);
    const candidates = [...(entries?.entries() ?? [])]
      .filter(([p, e]) => !e.isDirectory && e.encoding === 'text' && matchesPath(p))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return searchFiles(
      candidates.map(([p, e]) => ({ path: p, sizeBytes: e.sizeBytes, content: () => e.content })),
      needle,
      bounds,
    );
  }

  async mkdir(sessionId: SessionId, path: string): Promise<FileInfo> {
    const { id, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') return this.rootInfo();
    const entries = this.sessionEntries(id);
    const existing = entries.get(sessionPath);
    if (existing && !existing.isDirectory) throw new NotADirectoryError(sessionPath);
    this.ensureDirectories(entries, [...ancestorPaths(sessionPath), sessionPath]);
    return toInfo(sessionPath, entries.get(sessionPath)!);
  }

  async seed(sessionId: SessionId, file: InitialFile): Promise<void> {
    const id = parseSessionIdForFiles(sessionId);
    const initial = parseInitialFile(file);
    const sessionPath = toSessionPath(initial.path);
    this.store(id, sessionPath, validateContent(initial.content, initial.encoding), initial.encoding, {
      ifNoneMatch: false,
      ifMatch: undefined,
      readonly: initial.isReadonly,
    });
  }

  /** Checks and stores a file in one synchronous step, so no other call can interleave. */
  private store(
    id: SessionId,
    sessionPath: string,
    content: string,
    encoding: FileEncoding,
    conditions: { ifNoneMatch: boolean; ifMatch: string | undefined; readonly: boolean },
  ): FileInfo {
    if (sessionPath === '/') throw new IsADirectoryError(sessionPath);
    const sizeBytes = storedSize(content, encoding);
    if (sizeBytes > this.maxFileBytes) throw new FileTooLargeError(sessionPath, sizeBytes, this.maxFileBytes);
    const entries = this.sessionEntries(id);
    const ancestors = ancestorPaths(sessionPath);
    for (const ancestor of ancestors) {
      if (entries.get(ancestor)?.isDirectory === false) throw new NotADirectoryError(ancestor);
    }
    const existing = entries.get(sessionPath);
    if (existing?.isDirectory) throw new IsADirectoryError(sessionPath);
    if (conditions.ifNoneMatch && existing) throw new ConflictError(`file already exists: ${sessionPath}`);
    if (conditions.ifMatch !== undefined && existing?.contentHash !== conditions.ifMatch) {
      throw new ConflictError(
        existing ? `file changed: ${sessionPath} has ${existing.contentHash}, expected ${conditions.ifMatch}` : `file not found: ${sessionPath}`,
      );
    }
    if (existing?.isReadonly) throw new ReadOnlyFileError(sessionPath);
    this.ensureDirectories(entries, ancestors);
    const at = now();
    const entry: Entry = {
      isDirectory: false,
      content,
      encoding,
      isReadonly: conditions.readonly,
      sizeBytes,
      contentHash: contentHash(content),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    entries.set(sessionPath, entry);
    return toInfo(sessionPath, entry);
  }

  private ensureDirectories(entries: Map<string, Entry>, paths: readonly string[]): void {
    for (const p of paths) {
      const existing = entries.get(p);
      if (existing && !existing.isDirectory) throw new NotADirectoryError(p);
    }
    const at = now();
    for (const p of paths) {
      if (entries.has(p)) continue;
      entries.set(p, {
        isDirectory: true,
        content: '',
        encoding: 'text',
        isReadonly: false,
        sizeBytes: 0,
        contentHash: undefined,
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  private locate(sessionId: SessionId, path: string): { id: SessionId; sessionPath: string; entries: Map<string, Entry> | undefined } {
    const id = parseSessionIdForFiles(sessionId);
    const sessionPath = toSessionPath(path);
    return { id, sessionPath, entries: this.sessions.get(id) };
  }

  private sessionEntries(id: SessionId): Map<string, Entry> {
    let entries = this.sessions.get(id);
    if (!entries) {
      entries = new Map();
      this.sessions.set(id, entries);
    }
    return entries;
  }

  private rootInfo(): FileInfo {
    return {
      path: '/',
      name: '',
      isDirectory: true,
      isReadonly: false,
      sizeBytes: 0,
      encoding: 'text',
      createdAt: this.rootCreatedAt,
      updatedAt: this.rootCreatedAt,
    };
  }
}

function toInfo(path: string, entry: Entry): FileInfo {
  const info: FileInfo = {
    path,
    name: basename(path),
    isDirectory: entry.isDirectory,
    isReadonly: entry.isReadonly,
    sizeBytes: entry.sizeBytes,
    encoding: entry.encoding,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
  if (entry.contentHash !== undefined) info.contentHash = entry.contentHash;
  return info;
}

/** A factory for {@link MemorySessionFileSystem}; each `create()` gives a new, empty file system. */
export function memorySessionFileSystemFactory(options: MemorySessionFileSystemOptions = {}): SessionFileSystemFactory {
  resolveFileSystemLimits(options);
  return { name: 'memory', create: () => new MemorySessionFileSystem(options) };
}
