import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ancestorPaths,
  basename,
  ConfigurationError,
  ConflictError,
  contentHash,
  type FileEncoding,
  type FileInfo,
  FileTooLargeError,
  type GrepOptions,
  type GrepResult,
  type InitialFile,
  IsADirectoryError,
  type ListOptions,
  type ListResult,
  NotADirectoryError,
  now,
  parentPath,
  parseInitialFile,
  parseSessionIdForFiles,
  pathFilter,
  ReadOnlyFileError,
  resolveGrepOptions,
  resolveListOptions,
  resolveWriteOptions,
  type SessionFile,
  type SessionFileSystem,
  type SessionId,
  storedSize,
  toSessionPath,
  validateContent,
  validateGrepPattern,
  WORKSPACE_ROOT,
  type WriteOptions,
} from '@org/core';
import { mapWithConcurrency } from './concurrency.js';
import { type S3FileSystemConfig, type S3FileSystemConfigInput, parseS3FileSystemConfig } from './config.js';
import { contentTypeOf, fromObjectBody, storedSizeOfObject, toObjectBody } from './content-body.js';
import { uploadInParts } from './multipart-upload.js';
import { type GrepObject, grepObjects } from './object-grep.js';
import { SessionKeys } from './object-keys.js';
import { type FileAttributes, fromObjectMetadata, toObjectMetadata } from './object-metadata.js';
import { isNotFound, isPreconditionFailed, toRuntimeError } from './s3-errors.js';

/** How often an unconditional write re-reads and retries when another writer slipped in between its HEAD and PUT. */
const MAX_WRITE_ATTEMPTS = 5;
/** DeleteObjects takes at most 1000 keys. */
const DELETE_BATCH = 1000;
/** Time shown for objects without any timestamp (never happens with S3, which always sends Last-Modified). */
const UNKNOWN_TIME = new Date(0).toISOString();

/** Options of {@link S3SessionFileSystem} that are not configuration. */
export interface S3SessionFileSystemOptions {
  /**
   * An S3 client to use instead of one built from the configuration (e.g. to
   * share connections or add middleware). The file system does not destroy a
   * client it was given.
   */
  client?: S3Client;
}

/** What a HEAD tells about an object. */
interface ObjectHead {
  etag: string | undefined;
  objectBytes: number;
  lastModified: Date | undefined;
  attributes: FileAttributes;
}

/** A direct child of a listed directory, as the listing shows it. */
type ListedChild =
  | { kind: 'file'; path: string; key: string; objectBytes: number; lastModified: Date | undefined }
  | { kind: 'directory'; path: string; prefix: string };

/** Conditions of one store operation (write or seed). */
interface StoreConditions {
  ifNoneMatch: boolean;
  ifMatch: string | undefined;
  readonly: boolean;
}

/**
 * A {@link SessionFileSystem} on S3-compatible object storage (AWS S3, MinIO,
 * R2, local servers). Each session's files are objects under
 * `<prefix>/<sessionId>/<escaped path>` (see `SessionKeys`); directories are
 * implied by the keys below them, plus a zero-byte `<dir>/` marker for
 * directories created empty with `mkdir`. Encoding, read-only flag, content
 * hash and times are object metadata, so `read` is one GET and `stat` one HEAD.
 *
 * Concurrency: writes are conditional requests. A create sends
 * `If-None-Match: *`; an overwrite sends `If-Match: <ETag of the version it
 * checked>`, so the read-only check, `ifMatch` (compared with the stored
 * `contentHash`) and the kept `createdAt` always refer to the version being
 * replaced. With `conditionalWrites: false` (for servers that reject these
 * headers) the same checks run on a HEAD just before the write, leaving a
 * short race window.
 *
 * Requests per call (no retries): read 1 (2 when the path is missing: a list
 * tells "directory" from "missing"); stat 1 (2 for a directory or a missing
 * path); overwrite 2 (HEAD, PUT); create 4 (HEAD, then two 1-key lists to
 * check the path is not a directory and its parent is one, run in parallel,
 * then PUT; more HEADs only when the parent directory does not exist yet);
 * create-only write 3; list one request per 1000 children plus one per entry
 * returned (metadata is not in S3 listings); grep one request per 1000 keys
 * plus one GET per file read, bounded by `GrepOptions`.
 */
export class S3SessionFileSystem implements SessionFileSystem {
  readonly displayRoot = WORKSPACE_ROOT;
  /** The SDK client in use (add middleware to it to observe requests). */
  readonly client: S3Client;
  /** The validated configuration. */
  readonly config: S3FileSystemConfig;
  private readonly ownsClient: boolean;
  private readonly rootCreatedAt = now();

  constructor(config: S3FileSystemConfigInput, options: S3SessionFileSystemOptions = {}) {
    this.config = parseS3FileSystemConfig(config);
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? createS3Client(this.config);
  }

  /**
   * Checks that the bucket exists and the credentials may use it (one
   * HeadBucket). Fails with a `ConfigurationError` naming the bucket.
   */
  async verifyBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      if (isNotFound(error)) throw new ConfigurationError(`S3 bucket "${this.config.bucket}" does not exist`, { cause: error });
      throw toRuntimeError(error, { bucket: this.config.bucket, operation: 'HeadBucket' });
    }
  }

  /** Releases the client's sockets, when this file system created the client. */
  destroy(): void {
    if (this.ownsClient) this.client.destroy();
  }

  async read(sessionId: SessionId, path: string): Promise<SessionFile | undefined> {
    const { keys, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') throw new IsADirectoryError(sessionPath);
    const key = keys.fileKey(sessionPath);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      const attributes = fromObjectMetadata(object.Metadata);
      const bytes = object.Body === undefined ? new Uint8Array() : await object.Body.transformToByteArray();
      const content = fromObjectBody(bytes, attributes.encoding);
      const info = toFileInfo(sessionPath, attributes, storedSize(content, attributes.encoding), object.LastModified);
      info.contentHash = attributes.contentHash ?? contentHash(content);
      return { ...info, content };
    } catch (error) {
      if (!isNotFound(error)) throw toRuntimeError(error, { bucket: this.config.bucket, operation: 'GetObject', key });
    }
    if (await this.hasObjectsUnder(keys.directoryPrefix(sessionPath))) throw new IsADirectoryError(sessionPath);
    return undefined;
  }

  async stat(sessionId: SessionId, path: string): Promise<FileInfo | undefined> {
    const { keys, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') return this.rootInfo();
    const head = await this.head(keys.fileKey(sessionPath));
    if (head) return toFileInfo(sessionPath, head.attributes, storedSizeOfObject(head.objectBytes, head.attributes.encoding), head.lastModified);
    return this.directoryInfo(sessionPath, keys.directoryPrefix(sessionPath));
  }

  async write(sessionId: SessionId, path: string, content: string, options?: WriteOptions): Promise<FileInfo> {
    const { keys, sessionPath } = this.locate(sessionId, path);
    const { encoding, ifNoneMatch, ifMatch } = resolveWriteOptions(options);
    return this.store(keys, sessionPath, validateContent(content, encoding), encoding, { ifNoneMatch, ifMatch, readonly: false });
  }

  async seed(sessionId: SessionId, file: InitialFile): Promise<void> {
    const id = parseSessionIdForFiles(sessionId);
    const initial = parseInitialFile(file);
    const sessionPath = toSessionPath(initial.path);
    // One PUT carries the content and the read-only flag, so a seeded file is never briefly writable.
    await this.store(new SessionKeys(this.config.prefix, id), sessionPath, validateContent(initial.content, initial.encoding), initial.encoding, {
      ifNoneMatch: false,
      ifMatch: undefined,
      readonly: initial.isReadonly,
    });
  }

  async delete(sessionId: SessionId, path: string, options?: { recursive?: boolean }): Promise<boolean> {
    const { keys, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') return false;
    const key = keys.fileKey(sessionPath);
    const head = await this.head(key);
    if (head) {
      if (head.attributes.isReadonly) return false;
      await this.send('DeleteObject', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key })));
      return true;
    }
    const prefix = keys.directoryPrefix(sessionPath);
    const below = await this.listKeys(prefix);
    if (below.length === 0) return false;
    const contents = below.filter((entry) => entry.key !== prefix);
    if (contents.length > 0 && options?.recursive !== true) return false;
    // A read-only file cannot be deleted on its own, so it cannot be deleted through its directory either.
    const fileKeys = contents.filter((entry) => !entry.key.endsWith('/')).map((entry) => entry.key);
    const heads = await mapWithConcurrency(fileKeys, this.config.requestConcurrency, (fileKey) => this.head(fileKey));
    if (heads.some((fileHead) => fileHead?.attributes.isReadonly === true)) return false;
    await this.deleteKeys(below.map((entry) => entry.key));
    return true;
  }

  async list(sessionId: SessionId, path: string, options?: ListOptions): Promise<ListResult> {
    const { keys, sessionPath } = this.locate(sessionId, path);
    const { offset, limit } = resolveListOptions(options);
    const children = await this.listChildren(keys, keys.directoryPrefix(sessionPath));
    const window = children.slice(offset, offset + limit);
    const entries = await mapWithConcurrency(window, this.config.requestConcurrency, (child) => this.describeChild(child));
    return { entries, totalCount: children.length };
  }

  async grep(sessionId: SessionId, pattern: string, options?: GrepOptions): Promise<GrepResult> {
    const { keys } = this.locate(sessionId, '/');
    const needle = validateGrepPattern(pattern);
    const bounds = resolveGrepOptions(options);
    const matchesPath = pathFilter(bounds.pathPattern);
    const objects: GrepObject[] = [];
    for (const entry of await this.listKeys(keys.root)) {
      const filePath = keys.pathOfFileKey(entry.key);
      if (filePath === undefined || !matchesPath(filePath)) continue;
      objects.push({ path: filePath, objectBytes: entry.objectBytes, fetch: () => this.fetchForGrep(entry.key) });
    }
    objects.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return grepObjects(objects, needle, bounds, this.config.requestConcurrency);
  }

  async mkdir(sessionId: SessionId, path: string): Promise<FileInfo> {
    const { keys, sessionPath } = this.locate(sessionId, path);
    if (sessionPath === '/') return this.rootInfo();
    const [head] = await Promise.all([this.head(keys.fileKey(sessionPath)), this.assertParentIsDirectory(keys, sessionPath)]);
    if (head) throw new NotADirectoryError(sessionPath);
    const markerKey = keys.directoryPrefix(sessionPath);
    const at = now();
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: markerKey,
          Body: new Uint8Array(),
          Metadata: toObjectMetadata({ encoding: 'text', isReadonly: false, contentHash: undefined, createdAt: at, updatedAt: at }),
          ...(this.config.conditionalWrites ? { IfNoneMatch: '*' } : {}),
        }),
      );
    } catch (error) {
      // Already created (idempotent): describe what is there.
      if (!isPreconditionFailed(error)) throw toRuntimeError(error, { bucket: this.config.bucket, operation: 'PutObject', key: markerKey });
      return (await this.directoryInfo(sessionPath, markerKey)) ?? directoryFileInfo(sessionPath, at, at);
    }
    return directoryFileInfo(sessionPath, at, at);
  }

  /** Validates and stores one file, with the checks of the interface contract, under conditional requests. */
  private async store(keys: SessionKeys, sessionPath: string, content: string, encoding: FileEncoding, conditions: StoreConditions): Promise<FileInfo> {
    if (sessionPath === '/') throw new IsADirectoryError(sessionPath);
    const sizeBytes = storedSize(content, encoding);
    if (sizeBytes > this.config.maxFileBytes) throw new FileTooLargeError(sessionPath, sizeBytes, this.config.maxFileBytes);
    const key = keys.fileKey(sessionPath);
    const body = toObjectBody(content, encoding);
    const hash = contentHash(content);
    // Create-only needs no HEAD: `If-None-Match: *` on the PUT decides.
    const skipHead = conditions.ifNoneMatch && conditions.ifMatch === undefined;
    for (let attempt = 1; ; attempt += 1) {
      const existing = skipHead ? undefined : await this.head(key);
      if (existing) {
        if (conditions.ifNoneMatch) throw new ConflictError(`file already exists: ${sessionPath}`);
        if (conditions.ifMatch !== undefined && existing.attributes.contentHash !== conditions.ifMatch) {
          throw new ConflictError(`file changed: ${sessionPath} has ${existing.attributes.contentHash ?? 'an unknown hash'}, expected ${conditions.ifMatch}`);
        }
        if (existing.attributes.isReadonly) throw new ReadOnlyFileError(sessionPath);
      } else {
        if (conditions.ifMatch !== undefined) throw new ConflictError(`file not found: ${sessionPath}`);
        await this.assertCanCreateFile(keys, sessionPath);
      }
      const at = now();
      const attributes: FileAttributes = {
        encoding,
        isReadonly: conditions.readonly,
        contentHash: hash,
        createdAt: existing ? (existing.attributes.createdAt ?? existing.lastModified?.toISOString() ?? at) : at,
        updatedAt: at,
      };
      try {
        await this.putObject(key, body, attributes, existing ? { ifMatch: existing.etag } : { ifNoneMatch: true });
        return toFileInfo(sessionPath, attributes, sizeBytes, undefined);
      } catch (error) {
        if (!isPreconditionFailed(error)) throw toRuntimeError(error, { bucket: this.config.bucket, operation: 'PutObject', key });
        if (conditions.ifNoneMatch) throw new ConflictError(`file already exists: ${sessionPath}`, { cause: error });
        if (conditions.ifMatch !== undefined) throw new ConflictError(`file changed while being written: ${sessionPath}`, { cause: error });
        // Another writer got in between this write's HEAD and PUT: look again.
        if (attempt >= MAX_WRITE_ATTEMPTS) throw new ConflictError(`file kept changing while being written: ${sessionPath}`, { cause: error });
      }
    }
  }

  /** One PUT, or a multipart upload for a large body; the condition is sent when the server is trusted with it. */
  private async putObject(key: string, body: Buffer, attributes: FileAttributes, condition: { ifNoneMatch: true } | { ifMatch: string | undefined }): Promise<void> {
    const conditional = this.config.conditionalWrites;
    const ifNoneMatch = conditional && 'ifNoneMatch' in condition ? '*' : undefined;
    const ifMatch = conditional && 'ifMatch' in condition ? condition.ifMatch : undefined;
    const metadata = toObjectMetadata(attributes);
    const contentType = contentTypeOf(attributes.encoding);
    if (body.length > this.config.multipartThresholdBytes) {
      await uploadInParts(this.client, {
        bucket: this.config.bucket,
        key,
        body,
        partBytes: this.config.multipartPartBytes,
        concurrency: Math.min(4, this.config.requestConcurrency),
        metadata,
        contentType,
        ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
        ...(ifMatch === undefined ? {} : { ifMatch }),
      });
      return;
    }
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Metadata: metadata,
        ...(ifNoneMatch === undefined ? {} : { IfNoneMatch: ifNoneMatch }),
        ...(ifMatch === undefined ? {} : { IfMatch: ifMatch }),
      }),
    );
  }

  /** A new file may not land on a directory, nor below a file. */
  private async assertCanCreateFile(keys: SessionKeys, sessionPath: string): Promise<void> {
    const [isDirectory] = await Promise.all([this.hasObjectsUnder(keys.directoryPrefix(sessionPath)), this.assertParentIsDirectory(keys, sessionPath)]);
    if (isDirectory) throw new IsADirectoryError(sessionPath);
  }

  /**
   * Fails with `NotADirectoryError` when an ancestor of `sessionPath` is a
   * file. When the parent already has objects below it, it is a directory, and
   * so are its ancestors (nothing is ever created below a file), so one list
   * request settles it; otherwise each ancestor gets a HEAD.
   */
  private async assertParentIsDirectory(keys: SessionKeys, sessionPath: string): Promise<void> {
    const parent = parentPath(sessionPath);
    if (parent === '/' || (await this.hasObjectsUnder(keys.directoryPrefix(parent)))) return;
    const ancestors = ancestorPaths(sessionPath);
    const heads = await Promise.all(ancestors.map((ancestor) => this.head(keys.fileKey(ancestor))));
    const fileAncestor = ancestors.find((_, index) => heads[index] !== undefined);
    if (fileAncestor !== undefined) throw new NotADirectoryError(fileAncestor);
  }

  private async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return { etag: head.ETag, objectBytes: head.ContentLength ?? 0, lastModified: head.LastModified, attributes: fromObjectMetadata(head.Metadata) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toRuntimeError(error, { bucket: this.config.bucket, operation: 'HeadObject', key });
    }
  }

  /** Whether any object lies under `prefix` (one list request of one key). */
  private async hasObjectsUnder(prefix: string): Promise<boolean> {
    const page = await this.listPage({ Prefix: prefix, MaxKeys: 1 });
    return (page.Contents?.length ?? 0) > 0 || (page.CommonPrefixes?.length ?? 0) > 0;
  }

  /** A directory's info from its first key (its marker, or the first object below it), or undefined when nothing is there. */
  private async directoryInfo(sessionPath: string, prefix: string): Promise<FileInfo | undefined> {
    const page = await this.listPage({ Prefix: prefix, MaxKeys: 1 });
    const first = page.Contents?.[0];
    if (!first) return undefined;
    const at = first.LastModified?.toISOString() ?? UNKNOWN_TIME;
    return directoryFileInfo(sessionPath, at, at);
  }

  /** Every direct child of a directory, sorted by path (one request per 1000 children). */
  private async listChildren(keys: SessionKeys, prefix: string): Promise<ListedChild[]> {
    const children: ListedChild[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.listPage({ Prefix: prefix, Delimiter: '/', ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }) });
      for (const object of page.Contents ?? []) {
        const childPath = object.Key === undefined ? undefined : keys.pathOfFileKey(object.Key);
        if (childPath === undefined || object.Key === undefined) continue;
        children.push({ kind: 'file', path: childPath, key: object.Key, objectBytes: object.Size ?? 0, lastModified: object.LastModified });
      }
      for (const common of page.CommonPrefixes ?? []) {
        const childPath = common.Prefix === undefined ? undefined : keys.pathOfDirectoryPrefix(common.Prefix);
        if (childPath === undefined || common.Prefix === undefined) continue;
        children.push({ kind: 'directory', path: childPath, prefix: common.Prefix });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    return children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Full info of a listed child: a HEAD for a file (metadata is not in listings), a 1-key list for a directory. */
  private async describeChild(child: ListedChild): Promise<FileInfo> {
    if (child.kind === 'directory') {
      return (await this.directoryInfo(child.path, child.prefix)) ?? directoryFileInfo(child.path, UNKNOWN_TIME, UNKNOWN_TIME);
    }
    const head = await this.head(child.key);
    if (head) return toFileInfo(child.path, head.attributes, storedSizeOfObject(head.objectBytes, head.attributes.encoding), head.lastModified);
    // Deleted since it was listed: describe it from the listing.
    return toFileInfo(child.path, fromObjectMetadata(undefined), child.objectBytes, child.lastModified);
  }

  /** Every key under `prefix`, recursively (one request per 1000 keys). */
  private async listKeys(prefix: string): Promise<{ key: string; objectBytes: number }[]> {
    const keys: { key: string; objectBytes: number }[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.listPage({ Prefix: prefix, ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }) });
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) keys.push({ key: object.Key, objectBytes: object.Size ?? 0 });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    return keys;
  }

  private listPage(input: { Prefix: string; Delimiter?: string; MaxKeys?: number; ContinuationToken?: string }): Promise<ListObjectsV2CommandOutput> {
    return this.send('ListObjectsV2', input.Prefix, () => this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, ...input })));
  }

  private async fetchForGrep(key: string): Promise<{ encoding: FileEncoding; content: string }> {
    const object = await this.send('GetObject', key, () => this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key })));
    const { encoding } = fromObjectMetadata(object.Metadata);
    if (encoding !== 'text') {
      // Binary files are not searched; drop the body unread.
      await object.Body?.transformToByteArray();
      return { encoding, content: '' };
    }
    const bytes = object.Body === undefined ? new Uint8Array() : await object.Body.transformToByteArray();
    return { encoding, content: fromObjectBody(bytes, encoding) };
  }

  private async deleteKeys(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const result = await this.send('DeleteObjects', batch[0], () =>
        this.client.send(
          new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        ),
      );
      const failed = result.Errors?.[0];
      if (failed) throw toRuntimeError(Object.assign(new Error(failed.Message ?? 'delete failed'), { Code: failed.Code }), { bucket: this.config.bucket, operation: 'DeleteObjects', key: failed.Key ?? '' });
    }
  }

  /** Runs one SDK call, mapping its failure to a typed error. */
  private async send<T>(operation: string, key: string | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toRuntimeError(error, { bucket: this.config.bucket, operation, ...(key === undefined ? {} : { key }) });
    }
  }

  private locate(sessionId: SessionId, path: string): { keys: SessionKeys; sessionPath: string } {
    const id = parseSessionIdForFiles(sessionId);
    return { keys: new SessionKeys(this.config.prefix, id), sessionPath: toSessionPath(path) };
  }

  private rootInfo(): FileInfo {
    return directoryFileInfo('/', this.rootCreatedAt, this.rootCreatedAt);
  }
}

/** Builds the SDK client from the configuration (retries through the SDK's own strategy). */
export function createS3Client(config: S3FileSystemConfig): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
    forcePathStyle: config.forcePathStyle,
    maxAttempts: config.retry.maxAttempts,
    retryMode: config.retry.mode,
    // Local and S3-compatible servers reject the newer default checksums; send them only where S3 requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function toFileInfo(path: string, attributes: FileAttributes, sizeBytes: number, lastModified: Date | undefined): FileInfo {
  const fallback = lastModified?.toISOString() ?? UNKNOWN_TIME;
  const info: FileInfo = {
    path,
    name: basename(path),
    isDirectory: false,
    isReadonly: attributes.isReadonly,
    sizeBytes,
    encoding: attributes.encoding,
    createdAt: attributes.createdAt ?? fallback,
    updatedAt: attributes.updatedAt ?? fallback,
  };
  if (attributes.contentHash !== undefined) info.contentHash = attributes.contentHash;
  return info;
}

function directoryFileInfo(path: string, createdAt: string, updatedAt: string): FileInfo {
  return { path, name: basename(path), isDirectory: true, isReadonly: false, sizeBytes: 0, encoding: 'text', createdAt, updatedAt };
}
