import type { RuntimeBackends } from '@org/core';
import { MemoryAgentStore } from './memory-agent-store.js';
import { MemoryEventBus, type MemoryEventBusOptions } from './memory-event-bus.js';
import { MemorySessionFileSystem, type MemorySessionFileSystemOptions } from './memory-file-system.js';
import { MemoryHarnessStore } from './memory-harness-store.js';
import { MemoryHistoryStore } from './memory-history-store.js';
import { MemoryLeaseManager } from './memory-lease-manager.js';
import { MemoryMemoryStore } from './memory-memory-store.js';
import { MemoryProviderStore } from './memory-provider-store.js';
import { MemorySessionStorageStore } from './memory-session-storage-store.js';
import { MemorySessionStore } from './memory-session-store.js';

/** Options of {@link memoryBackends}. */
export interface MemoryBackendsOptions {
  /** Options of the event bus (replay retention, ephemeral queue bound). */
  bus?: MemoryEventBusOptions;
  /** The provider store to use, e.g. `MemoryProviderStore.fromEnv()`. Default: an empty one. */
  providers?: MemoryProviderStore;
  /** Options of the in-memory session file system (e.g. `maxFileBytes`). */
  files?: MemorySessionFileSystemOptions;
}

/** A complete in-memory {@link RuntimeBackends}, typed with the concrete classes so their extras are reachable. */
export interface MemoryBackends extends RuntimeBackends {
  harnesses: MemoryHarnessStore;
  agents: MemoryAgentStore;
  sessions: MemorySessionStore;
  history: MemoryHistoryStore;
  providers: MemoryProviderStore;
  storage: MemorySessionStorageStore;
  memory: MemoryMemoryStore;
  bus: MemoryEventBus;
  leases: MemoryLeaseManager;
  files: MemorySessionFileSystem;
}

/**
 * Every store, the event bus and a lease manager, in memory and wired
 * together: the history store checks fences against the lease manager, and
 * deleting a session also drops its history, storage and retained bus events.
 * `files` is an in-memory session file system. Override single members with
 * object spread, e.g. `{ ...memoryBackends(), files: new DiskSessionFileSystem(...) }`.
 */
export function memoryBackends(options: MemoryBackendsOptions = {}): MemoryBackends {
  const leases = new MemoryLeaseManager();
  const history = new MemoryHistoryStore({ leases });
  const storage = new MemorySessionStorageStore();
  const bus = new MemoryEventBus(options.bus);
  const sessions = new MemorySessionStore({
    onDelete: (sessionId) => {
      history.deleteSession(sessionId);
      storage.deleteSession(sessionId);
      bus.deleteSession(sessionId);
    },
  });
  return {
    harnesses: new MemoryHarnessStore(),
    agents: new MemoryAgentStore(),
    sessions,
    history,
    providers: options.providers ?? new MemoryProviderStore(),
    storage,
    memory: new MemoryMemoryStore(),
    bus,
    leases,
    files: new MemorySessionFileSystem(options.files),
  };
}
