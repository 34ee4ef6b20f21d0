import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FileEncoding, isWithin, StorageUnavailableError } from '@org/core';
import { METADATA_FILE, TEMP_DIRECTORY } from './reserved-names.js';

/** What the disk cannot hold by itself: only entries that differ from the default (text, writable) are kept. */
export interface FileMetadata {
  encoding?: FileEncoding;
  readonly?: boolean;
}

type MetadataMap = Record<string, FileMetadata>;

/**
 * The per-workspace sidecar (`.session-meta.json`). It is read fresh on every
 * operation (files written by other tools default to text, writable) and
 * replaced atomically (temp file + rename), so a crash leaves the old or the
 * new version, never half of one.
 */
export class SessionMetadata {
  private constructor(
    private readonly workspace: string,
    private readonly files: MetadataMap,
  ) {}

  /** Loads the sidecar of a workspace; a missing one is empty. */
  static async load(workspace: string): Promise<SessionMetadata> {
    let text: string;
    try {
      text = await readFile(join(workspace, METADATA_FILE), 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return new SessionMetadata(workspace, {});
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as { files?: unknown };
      const files = parsed.files && typeof parsed.files === 'object' ? (parsed.files as MetadataMap) : {};
      return new SessionMetadata(workspace, files);
    } catch (error) {
      throw new StorageUnavailableError(`file metadata is corrupt: ${join(workspace, METADATA_FILE)}`, { cause: error });
    }
  }

  /** The metadata of one session path (defaults when none is stored). */
  get(sessionPath: string): { encoding: FileEncoding; readonly: boolean } {
    const entry = Object.hasOwn(this.files, sessionPath) ? this.files[sessionPath] : undefined;
    return { encoding: entry?.encoding ?? 'text', readonly: entry?.readonly === true };
  }

  /** The paths recorded read-only at or under `sessionPath`. */
  readonlyPathsWithin(sessionPath: string): string[] {
    return Object.entries(this.files).flatMap(([p, entry]) => (entry.readonly === true && isWithin(sessionPath, p) ? [p] : []));
  }

  /** Records a file's metadata; returns whether anything changed. */
  set(sessionPath: string, encoding: FileEncoding, readonly: boolean): boolean {
    const before = this.get(sessionPath);
    if (before.encoding === encoding && before.readonly === readonly) return false;
    if (encoding === 'text' && !readonly) {
      delete this.files[sessionPath];
    } else {
      const entry: FileMetadata = {};
      if (encoding !== 'text') entry.encoding = encoding;
      if (readonly) entry.readonly = true;
      this.files[sessionPath] = entry;
    }
    return true;
  }

  /** Forgets every path at or under `sessionPath`; returns whether anything changed. */
  removeWithin(sessionPath: string): boolean {
    let changed = false;
    for (const p of Object.keys(this.files)) {
      if (isWithin(sessionPath, p)) {
        delete this.files[p];
        changed = true;
      }
    }
    return changed;
  }

  /** Writes the sidecar atomically. */
  async save(): Promise<void> {
    const temp = join(this.workspace, TEMP_DIRECTORY, `meta-${randomUUID()}`);
    await mkdir(join(this.workspace, TEMP_DIRECTORY), { recursive: true });
    await writeFile(temp, JSON.stringify({ version: 1, files: this.files }));
    await rename(temp, join(this.workspace, METADATA_FILE));
  }
}

/** True when `error` is a Node system error with this `code`. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
