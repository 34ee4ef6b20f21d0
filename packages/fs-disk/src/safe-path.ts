import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { InvalidPathError } from '@org/core';
import { isCode } from './session-metadata.js';

/** What a session path points at on disk, found without following any symbolic link. */
export interface ResolvedHostPath {
  /** Absolute host path (inside the workspace). */
  host: string;
  kind: 'missing' | 'file' | 'directory';
  /** `lstat` of the target when it exists. */
  stats?: Stats;
  /** The session path of a regular file found where a parent directory should be. */
  blockedBy?: string;
}

/**
 * Maps a session path (already normalised, so free of `..`) to a host path
 * under `workspace`, checking every component with `lstat` from the workspace
 * down: a symbolic link anywhere — the workspace directory itself, an
 * ancestor, or the target — is refused with `InvalidPathError`, so a link
 * planted in the tree cannot lead outside it. A final containment check
 * guards the mapping itself.
 */
export async function resolveHostPath(workspace: string, sessionPath: string): Promise<ResolvedHostPath> {
  const segments = sessionPath.split('/').filter((s) => s !== '');
  const host = join(workspace, ...segments);
  const rel = relative(workspace, resolve(host));
  if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(host) !== host) {
    throw new InvalidPathError(sessionPath, 'resolves outside the workspace');
  }
  const workspaceStats = await lstatOrUndefined(workspace);
  if (!workspaceStats) return { host, kind: 'missing' };
  if (workspaceStats.isSymbolicLink()) throw new InvalidPathError(sessionPath, 'the workspace directory is a symbolic link');
  let current = workspace;
  let currentSessionPath = '';
  for (let index = 0; index < segments.length; index += 1) {
    current = join(current, segments[index]!);
    currentSessionPath = `${currentSessionPath}/${segments[index]}`;
    const stats = await lstatOrUndefined(current);
    if (!stats) return { host, kind: 'missing' };
    if (stats.isSymbolicLink()) throw new InvalidPathError(sessionPath, `symbolic links are refused: ${currentSessionPath}`);
    const isLast = index === segments.length - 1;
    if (!isLast && !stats.isDirectory()) return { host, kind: 'missing', blockedBy: currentSessionPath };
    if (isLast) return { host, kind: kindOf(sessionPath, stats), stats };
  }
  return { host, kind: kindOf(sessionPath, workspaceStats), stats: workspaceStats };
}

function kindOf(sessionPath: string, stats: Stats): 'file' | 'directory' {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'file';
  throw new InvalidPathError(sessionPath, 'not a regular file or directory');
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}
