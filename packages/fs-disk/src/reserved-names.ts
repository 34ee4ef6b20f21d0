/** Sidecar file (at the workspace root) remembering each file's encoding and read-only flag. */
export const METADATA_FILE = '.session-meta.json';
/** Directory (at the workspace root) for temporary files before their atomic rename. */
export const TEMP_DIRECTORY = '.session-tmp';

const RESERVED = new Set([METADATA_FILE, TEMP_DIRECTORY]);

/** True when a session path is, or is inside, one of the file system's own bookkeeping entries. */
export function isReservedPath(sessionPath: string): boolean {
  const first = sessionPath.split('/')[1] ?? '';
  return RESERVED.has(first);
}

/** True when a name directly under the workspace root is bookkeeping, hidden from list and grep. */
export function isReservedRootName(name: string): boolean {
  return RESERVED.has(name);
}
