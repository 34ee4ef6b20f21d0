import { InvalidPathError } from './errors.js';

/** The prefix the model sees in front of every session path. */
export const WORKSPACE_ROOT = '/workspace';

/** Longest accepted path, in characters (after trimming). */
export const MAX_PATH_LENGTH = 4096;

/** Longest accepted path segment (one file or directory name), in characters. */
export const MAX_SEGMENT_LENGTH = 255;

/**
 * Normalises a tool- or user-supplied path into a session path (SPEC 9.2):
 * trim; collapse repeated `/`; strip a leading `/workspace` only when it is
 * exactly `/workspace` or followed by `/` (`/workspaces/x` is kept); ensure a
 * leading `/`; strip a trailing `/` except on the root. `.` segments are
 * dropped so one file cannot have two keys.
 *
 * Safety on top of the spec: rejects, with {@link InvalidPathError}, a
 * non-string, a NUL byte, a `..` segment, a path over {@link MAX_PATH_LENGTH}
 * characters or a segment over {@link MAX_SEGMENT_LENGTH}.
 *
 * @example toSessionPath('/workspace//src/a.ts ') === '/src/a.ts'
 */
export function toSessionPath(input: unknown): string {
  if (typeof input !== 'string') throw new InvalidPathError(String(input), `expected a string, got ${typeof input}`);
  const trimmed = input.trim();
  if (trimmed.includes('\0')) throw new InvalidPathError(input, 'contains a NUL byte');
  if (trimmed.length > MAX_PATH_LENGTH) {
    throw new InvalidPathError(input, `is ${trimmed.length} characters long, the limit is ${MAX_PATH_LENGTH}`);
  }
  let path = trimmed.replace(/\/{2,}/g, '/');
  if (path === WORKSPACE_ROOT || path.startsWith(`${WORKSPACE_ROOT}/`)) path = path.slice(WORKSPACE_ROOT.length);
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') throw new InvalidPathError(input, '".." segments are not allowed');
    if (segment.length > MAX_SEGMENT_LENGTH) {
      throw new InvalidPathError(input, `a segment is ${segment.length} characters long, the limit is ${MAX_SEGMENT_LENGTH}`);
    }
    segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** How a session path is shown to the model: `/workspace` + the path (`/workspace` for the root). */
export function displayPath(path: string): string {
  const sessionPath = toSessionPath(path);
  return sessionPath === '/' ? WORKSPACE_ROOT : `${WORKSPACE_ROOT}${sessionPath}`;
}

/** The last segment of a session path; `""` for the root. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The parent of a session path; the root is its own parent. */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** True when `path` is `root` itself or lies below it (both session paths). */
export function isWithin(root: string, path: string): boolean {
  if (root === '/') return path.startsWith('/');
  return path === root || path.startsWith(`${root}/`);
}

/** Every proper ancestor of a session path, nearest the root first, excluding the root (`/a/b/c` → `/a`, `/a/b`). */
export function ancestorPaths(path: string): string[] {
  const result: string[] = [];
  let at = path.indexOf('/', 1);
  while (at > 0) {
    result.push(path.slice(0, at));
    at = path.indexOf('/', at + 1);
  }
  return result;
}
