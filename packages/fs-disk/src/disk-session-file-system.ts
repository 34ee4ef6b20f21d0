import { randomUUID } from 'node:crypto';
import { constants, type Dirent, realpathSync, type Stats, statSync } from 'node:fs';
import { link, lstat, mkdir, open, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConfigurationError,
  ConflictError,
  contentHash,
  type FileEncoding,
  type FileInfo,
  FileTooLargeError,
  type GrepCandidate,
  type GrepOptions,
  type GrepResult,
  type InitialFile,
  InvalidPathError,
  IsADirectoryError,
  type ListOptions,
  type ListResult,
  NotADirectoryError,
  parseInitialFile,
  parseSessionIdForFiles,
  pathFilter,
  ReadOnlyFileError,
  RuntimeError,
  resolveFileSystemLimits,
  resolveGrepOptions,
  resolveListOptions,
  resolveWriteOptions,
  type SessionFile,
  type SessionFileSystem,
  type SessionFileSystemFactory,
  type SessionId,
  StorageUnavailableError,
  searchFiles,
  storedSize,
  toSessionPath,
  validateContent,
  validateGrepPattern,
  WORKSPACE_ROOT,
  type WriteOptions,
} from '@org/core';
import { KeyedMutex } from './keyed-mutex.js';
import { isReservedPath, isReservedRootName, TEMP_DIRECTORY } from './reserved-names.js';
import { type ResolvedHostPath, resolveHostPath } from './safe-path.js';
import { isCode, SessionMetadata } from './session-metadata.js';

/** Options of {@link DiskSessionFileSystem}. */
export interface DiskSessionFileSystemOptions {
  /** Existing directory that holds every workspace. Canonicalised (symlinks resolved) once, at construction. */
  root: string;
  /**
   * `true` (default): each session gets its own directory `<root>/<sessionId>/`.
   * `false`: every session shares `root` itself (the original real-disk store's behaviour).
   */
  perSession?: boolean;
  /** Largest file as stored (`sizeBytes`); default 10 MiB. */
  maxFileBytes?: number;
}

interface Located {
  id: SessionId;
  sessionPath: string;
  workspace: string;
}

/**
 * A session file system on local disk, for running the agent runtime on a
 * developer's machine. Paths are session paths mapped under a workspace
 * directory; `..`, symbolic links (at the target or on any ancestor) and
 * anything resolving outside the root are refused. Writes go to a temporary
 * file renamed into place (atomic); create-only writes use a hard link, which
 * fails when the target exists, so they are exclusive even across processes.
 * Mutations of one workspace are serialised within the process; a
 * compare-and-swap (`ifMatch`) is only atomic against writers in the same
 * process. Encodings and read-only flags live in a sidecar
 * `.session-meta.json` per workspace (the names `.session-meta.json` and
 * `.session-tmp` at the workspace root are reserved). The model sees
 * `/workspace/...` paths, never host paths.
 */
export class DiskSessionFileSystem implements SessionFileSystem {
  readonly displayRoot = WORKSPACE_ROOT;
  /** The canonical host directory all workspaces live under. */
  readonly root: string;
  private readonly perSession: boolean;
  private readonly maxFileBytes: number;
  private readonly mutex = new KeyedMutex();

  constructor(options: DiskSessionFileSystemOptions) {
    const { root, perSession, maxFileBytes } = validateOptions(options);
    this.root = canonicalRoot(root);
    this.perSession = perSession;
    this.maxFileBytes = maxFileBytes;
  }

  async read(sessionId: SessionId, path: string): Promise<SessionFile | undefined> {
    const at = this.locate(sessionId, path);
    return this.guard('read', at.sessionPath, async () => {
      const resolved = await resolveHostPath(at.workspace, at.sessionPath);
      if (resolved.kind === 'directory' || at.sessionPath === '/') throw new IsADirectoryError(at.sessionPath);
      if (resolved.kind === 'missing') return undefined;
      const metadata = (await SessionMetadata.load(at.workspace)).get(at.sessionPath);
      const content = encode(await readNoFollow(resolved.host), metadata.encoding);
      return { ...fileInfo(at.sessionPath, resolved.stats!, content, metadata), content };
    });
  }

  async stat(sessionId: SessionId, path: string): Promise<FileInfo | undefined> {
    const at = this.locate(sessionId, path);
    return this.guard('stat', at.sessionPath, async () => {
      if (at.sessionPath === '/') return this.rootInfo(at.workspace);
      const resolved = await resolveHostPath(at.workspace, at.sessionPath);
      return this.describe(at.workspace, at.sessionPath, resolved, await SessionMetadata.load(at.workspace));
    });
  }

  async write(sessionId: SessionId, path: string, content: string, options?: WriteOptions): Promise<FileInfo> {
    const at = this.locate(sessionId, path);
    const { encoding, ifNoneMatch, ifMatch } = resolveWriteOptions(options);
    const checked = validateContent(content, encoding);
    return this.guard('write', at.sessionPath, () =>
      this.mutex.run(at.workspace, () => this.store(at, checked, encoding, { ifNoneMatch, ifMatch, readonly: false })),
    );
  }

  async delete(sessionId: SessionId, path: string, options?: { recursive?: boolean }): Promise<boolean> {
    const at = this.locate(sessionId, path);
    if (at.sessionPath === '/') return false;
    return this.guard('delete', at.sessionPath, () =>
      this.mutex.run(at.workspace, async () => {
        const resolved = await resolveHostPath(at.workspace, at.sessionPath);
        if (resolved.kind === 'missing') return false;
        const metadata = await SessionMetadata.load(at.workspace);
        for (const readonlyPath of metadata.readonlyPathsWithin(at.sessionPath)) {
          // Stale entries (files removed by other tools) do not protect anything.
          if ((await resolveHostPath(at.workspace, readonlyPath)).kind === 'file') return false;
        }
        if (resolved.kind === 'file') {
          await unlink(resolved.host);
        } else {
          const children = await readdir(resolved.host);
          if (children.length > 0 && options?.recursive !== true) return false;
          // rm does not follow symbolic links inside the tree: it removes the links themselves.
          await rm(resolved.host, { recursive: true });
        }
        if (metadata.removeWithin(at.sessionPath)) await metadata.save();
        return true;
      }),
    );
  }

  async list(sessionId: SessionId, path: string, options?: ListOptions): Promise<ListResult> {
    const at = this.locate(sessionId, path);
    const { offset, limit } = resolveListOptions(options);
    return this.guard('list', at.sessionPath, async () => {
      const resolved = await resolveHostPath(at.workspace, at.sessionPath);
      if (resolved.kind !== 'directory') return { entries: [], totalCount: 0 };
      const children = (await readdir(resolved.host, { withFileTypes: true }))
        .filter((d) => isListable(d) && !(at.sessionPath === '/' && isReservedRootName(d.name)))
        .map((d) => d.name)
        .sort(byCodeUnits);
      const metadata = await SessionMetadata.load(at.workspace);
      const entries: FileInfo[] = [];
      for (const name of children.slice(offset, offset + limit)) {
        const childPath = at.sessionPath === '/' ? `/${name}` : `${at.sessionPath}/${name}`;
        // An entry replaced by a symlink (or removed) since readdir is skipped, not followed.
        const info = await this.describe(at.workspace, childPath, await resolveHostPath(at.workspace, childPath).catch(() => undefined), metadata);
        if (info) entries.push(info);
      }
      return { entries, totalCount: children.length };
    });
  }

  async grep(sessionId: SessionId, pattern: string, options?: GrepOptions): Promise<GrepResult> {
    const at = this.locate(sessionId, '/');
    const needle = validateGrepPattern(pattern);
    const bounds = resolveGrepOptions(options);
    return this.guard('grep', '/', async () => {
      const metadata = await SessionMetadata.load(at.workspace);
      const matchesPath = pathFilter(bounds.pathPattern);
      const files: { path: string; host: string; size: number }[] = [];
      await walkFiles(at.workspace, '', async (sessionPath, host, stats) => {
        if (metadata.get(sessionPath).encoding === 'text' && matchesPath(sessionPath)) files.push({ path: sessionPath, host, size: stats.size });
      });
      files.sort((a, b) => byCodeUnits(a.path, b.path));
      const candidates: GrepCandidate[] = files.map((f) => ({
        path: f.path,
        sizeBytes: f.size,
        content: async () => (await readNoFollow(f.host)).toString('utf8'),
      }));
      return searchFiles(candidates, needle, bounds);
    });
  }

  async mkdir(sessionId: SessionId, path: string): Promise<FileInfo> {
    const at = this.locate(sessionId, path);
    return this.guard('mkdir', at.sessionPath, () =>
      this.mutex.run(at.workspace, async () => {
        const resolved = await resolveHostPath(at.workspace, at.sessionPath);
        if (resolved.blockedBy) throw new NotADirectoryError(resolved.blockedBy);
        if (resolved.kind === 'file') throw new NotADirectoryError(at.sessionPath);
        await mkdir(resolved.host, { recursive: true });
        if (at.sessionPath === '/') return this.rootInfo(at.workspace);
        const info = await this.describe(at.workspace, at.sessionPath, await resolveHostPath(at.workspace, at.sessionPath), undefined);
        return info!;
      }),
    );
  }

  async seed(sessionId: SessionId, file: InitialFile): Promise<void> {
    const id = parseSessionIdForFiles(sessionId);
    const initial = parseInitialFile(file);
    const at = this.locate(id, initial.path);
    const content = validateContent(initial.content, initial.encoding);
    await this.guard('seed', at.sessionPath, () =>
      this.mutex.run(at.workspace, () =>
        this.store(at, content, initial.encoding, { ifNoneMatch: false, ifMatch: undefined, readonly: initial.isReadonly }),
      ),
    );
  }

  /** Checks the conditions and writes one file; runs under the workspace lock. */
  private async store(
    at: Located,
    content: string,
    encoding: FileEncoding,
    conditions: { ifNoneMatch: boolean; ifMatch: string | undefined; readonly: boolean },
  ): Promise<FileInfo> {
    const { sessionPath, workspace } = at;
    if (sessionPath === '/') throw new IsADirectoryError(sessionPath);
    const sizeBytes = storedSize(content, encoding);
    if (sizeBytes > this.maxFileBytes) throw new FileTooLargeError(sessionPath, sizeBytes, this.maxFileBytes);
    const resolved = await resolveHostPath(workspace, sessionPath);
    if (resolved.blockedBy) throw new NotADirectoryError(resolved.blockedBy);
    if (resolved.kind === 'directory') throw new IsADirectoryError(sessionPath);
    const exists = resolved.kind === 'file';
    if (conditions.ifNoneMatch && exists) throw new ConflictError(`file already exists: ${sessionPath}`);
    const metadata = await SessionMetadata.load(workspace);
    const previous = metadata.get(sessionPath);
    if (conditions.ifMatch !== undefined) {
      if (!exists) throw new ConflictError(`file not found: ${sessionPath}`);
      const currentHash = contentHash(encode(await readNoFollow(resolved.host), previous.encoding));
      if (currentHash !== conditions.ifMatch) throw new ConflictError(`file changed: ${sessionPath} has ${currentHash}, expected ${conditions.ifMatch}`);
    }
    if (exists && previous.readonly) throw new ReadOnlyFileError(sessionPath);

    await mkdir(join(resolved.host, '..'), { recursive: true });
    const temp = await this.writeTemp(workspace, content, encoding);
    try {
      if (conditions.ifNoneMatch) {
        // link() fails with EEXIST if anything appeared at the target meanwhile, even from another process.
        await link(temp, resolved.host).catch((error: unknown) => {
          if (isCode(error, 'EEXIST')) throw new ConflictError(`file already exists: ${sessionPath}`);
          throw error;
        });
      } else {
        await rename(temp, resolved.host);
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    if (metadata.set(sessionPath, encoding, conditions.readonly)) await metadata.save();
    const after = await resolveHostPath(workspace, sessionPath);
    return fileInfo(sessionPath, after.stats!, content, { encoding, readonly: conditions.readonly });
  }

  private async writeTemp(workspace: string, content: string, encoding: FileEncoding): Promise<string> {
    const directory = join(workspace, TEMP_DIRECTORY);
    await mkdir(directory, { recursive: true });
    const temp = join(directory, `file-${randomUUID()}`);
    await writeFile(temp, decode(content, encoding), { flag: 'wx' });
    return temp;
  }

  private async describe(
    workspace: string,
    sessionPath: string,
    resolved: ResolvedHostPath | undefined,
    metadata: SessionMetadata | undefined,
  ): Promise<FileInfo | undefined> {
    if (!resolved || resolved.kind === 'missing' || !resolved.stats) return undefined;
    if (resolved.kind === 'directory') return directoryInfo(sessionPath, resolved.stats);
    const meta = (metadata ?? (await SessionMetadata.load(workspace))).get(sessionPath);
    return fileInfo(sessionPath, resolved.stats, encode(await readNoFollow(resolved.host), meta.encoding), meta);
  }

  private async rootInfo(workspace: string): Promise<FileInfo> {
    const resolved = await resolveHostPath(workspace, '/');
    return directoryInfo('/', resolved.stats ?? statSync(this.root));
  }

  private locate(sessionId: SessionId, path: string): Located {
    const id = parseSessionIdForFiles(sessionId);
    const sessionPath = toSessionPath(path);
    if (isReservedPath(sessionPath)) throw new InvalidPathError(path, 'this name is reserved by the disk file system');
    // The id is validated as `session_<32 hex>`, so it is always a single safe directory name.
    return { id, sessionPath, workspace: this.perSession ? join(this.root, id) : this.root };
  }

  /** Lets typed errors through and turns unexpected disk failures into `StorageUnavailableError`. */
  private async guard<T>(operation: string, sessionPath: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new StorageUnavailableError(`disk file system could not ${operation} ${sessionPath}: ${detail}`, { cause: error });
    }
  }
}

function validateOptions(options: unknown): { root: string; perSession: boolean; maxFileBytes: number } {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('DiskSessionFileSystem needs options: { root }');
  const { root, perSession, maxFileBytes } = options as Record<string, unknown>;
  if (typeof root !== 'string' || root.trim() === '') throw new ConfigurationError('DiskSessionFileSystem: root must be a non-empty directory path');
  if (perSession !== undefined && typeof perSession !== 'boolean') throw new ConfigurationError('DiskSessionFileSystem: perSession must be a boolean');
  const limits = resolveFileSystemLimits(maxFileBytes === undefined ? {} : { maxFileBytes });
  return { root, perSession: perSession ?? true, maxFileBytes: limits.maxFileBytes };
}

function canonicalRoot(root: string): string {
  let canonical: string;
  try {
    canonical = realpathSync(root);
  } catch (error) {
    throw new ConfigurationError(`file system root does not exist: ${root}`, { cause: error });
  }
  if (!statSync(canonical).isDirectory()) throw new ConfigurationError(`file system root is not a directory: ${root}`);
  return canonical;
}

/** Reads a regular file without following a symbolic link swapped in after the check. */
async function readNoFollow(host: string): Promise<Buffer> {
  const handle = await open(host, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
    if (isCode(error, 'ELOOP')) throw new InvalidPathError(host, 'symbolic links are refused');
    throw error;
  });
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function decode(content: string, encoding: FileEncoding): Buffer {
  return Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8');
}

function encode(bytes: Buffer, encoding: FileEncoding): string {
  return bytes.toString(encoding === 'base64' ? 'base64' : 'utf8');
}

function fileInfo(sessionPath: string, stats: Stats, content: string, meta: { encoding: FileEncoding; readonly: boolean }): FileInfo {
  return {
    path: sessionPath,
    name: sessionPath.slice(sessionPath.lastIndexOf('/') + 1),
    isDirectory: false,
    isReadonly: meta.readonly,
    sizeBytes: storedSize(content, meta.encoding),
    encoding: meta.encoding,
    contentHash: contentHash(content),
    ...times(stats),
  };
}

function directoryInfo(sessionPath: string, stats: Stats): FileInfo {
  return {
    path: sessionPath,
    name: sessionPath.slice(sessionPath.lastIndexOf('/') + 1),
    isDirectory: true,
    isReadonly: false,
    sizeBytes: 0,
    encoding: 'text',
    ...times(stats),
  };
}

/** Creation time is the birth time where the disk records one (an overwrite, being a rename, starts a new file). */
function times(stats: Stats): { createdAt: string; updatedAt: string } {
  const created = stats.birthtimeMs > 0 ? stats.birthtime : stats.mtime;
  return { createdAt: created.toISOString(), updatedAt: stats.mtime.toISOString() };
}

function isListable(entry: Dirent): boolean {
  return entry.isFile() || entry.isDirectory();
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Visits every regular file under `directory`, skipping symbolic links and the bookkeeping names at the root. */
async function walkFiles(directory: string, sessionPrefix: string, visit: (sessionPath: string, host: string, stats: Stats) => Promise<void>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return;
    throw error;
  }
  for (const entry of entries) {
    if (sessionPrefix === '' && isReservedRootName(entry.name)) continue;
    const host = join(directory, entry.name);
    const sessionPath = `${sessionPrefix}/${entry.name}`;
    if (entry.isDirectory()) await walkFiles(host, sessionPath, visit);
    else if (entry.isFile()) await visit(sessionPath, host, await lstat(host));
  }
}

/** A factory for {@link DiskSessionFileSystem}; every `create()` shares the same root (and so the same files). */
export function diskSessionFileSystemFactory(options: DiskSessionFileSystemOptions): SessionFileSystemFactory {
  validateOptions(options);
  return { name: 'disk', create: () => new DiskSessionFileSystem(options) };
}
