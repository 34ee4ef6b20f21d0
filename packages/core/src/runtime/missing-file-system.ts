import { ConfigurationError } from '../errors.js';
import type { SessionFileSystem } from '../files/session-file-system.js';

/** Stands in when no file system was configured: every use fails with a message saying what to pass. */
export function missingFileSystem(): SessionFileSystem {
  const fail = (): never => {
    throw new ConfigurationError(
      'no session file system configured: pass .fileSystem(...) to the runtime builder (e.g. new MemorySessionFileSystem() from @org/store-memory) or set backends.files',
    );
  };
  return { displayRoot: '/workspace', read: fail, stat: fail, write: fail, delete: fail, list: fail, grep: fail, mkdir: fail, seed: fail };
}
