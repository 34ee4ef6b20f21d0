import { z } from 'zod';
import { toSessionPath } from '../../../files/session-path.js';
import type { SessionFileSystem } from '../../../files/session-file-system.js';
import { surfaceAsToolError } from '../surface-as-tool-error.js';

/** A required `path` argument; a missing one reads "Missing required parameter: path". */
export function pathParameter(description: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'Missing required parameter: path' : 'path must be a string') })
    .describe(description);
}

/**
 * Normalises a path the model gave (`/workspace/a.txt` or `/a.txt`) into a
 * session path; an invalid one (`..`, NUL, too long) is a tool error.
 */
export function sessionPathOf(path: string): string {
  try {
    return toSessionPath(path);
  } catch (error) {
    surfaceAsToolError(error);
  }
}

/** How a session path is shown to the model: under the file system's display root (`/workspace/...`). */
export function shownPath(files: SessionFileSystem, sessionPath: string): string {
  const root = files.displayRoot.endsWith('/') ? files.displayRoot.slice(0, -1) : files.displayRoot;
  if (sessionPath === '/') return root || '/';
  return `${root}${sessionPath}`;
}

/**
 * Turns a path filter the model wrote against `/workspace/...` into one over
 * session paths, so `/workspace/src/*.ts` matches `/src/a.ts`.
 */
export function sessionPathPattern(files: SessionFileSystem, pattern: string): string {
  for (const prefix of new Set([files.displayRoot.replace(/\/$/, ''), '/workspace'])) {
    if (prefix && pattern.startsWith(`${prefix}/`)) return pattern.slice(prefix.length);
  }
  return pattern;
}
