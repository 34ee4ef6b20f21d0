import type { EventBus } from '../bus/event-bus.js';
import type { SessionFileSystem } from '../files/session-file-system.js';
import type { AgentStore, HarnessStore, SessionStore } from '../stores/entity-stores.js';
import type { HistoryStore } from '../stores/history-store.js';
import type { MemoryStore } from '../stores/memory-store.js';
import type { ProviderStore } from '../stores/provider-store.js';
import type { SessionLeaseManager } from '../stores/session-lease.js';
import type { SessionStorageStore } from '../stores/session-storage-store.js';

/**
 * Every piece of state a runtime keeps, each behind an interface, so one
 * deployment keeps everything in memory and another mixes PostgreSQL, Redis
 * and S3. `@org/store-memory`'s `memoryBackends()` gives a complete bundle;
 * override single members with object spread.
 */
export interface RuntimeBackends {
  harnesses: HarnessStore;
  agents: AgentStore;
  sessions: SessionStore;
  /** The durable record: event log + derived messages. */
  history: HistoryStore;
  providers: ProviderStore;
  storage: SessionStorageStore;
  memory: MemoryStore;
  /** Live fan-out of events to subscribers. */
  bus: EventBus;
  /** Session workspaces. When absent the builder's file system (or an error on use) applies. */
  files?: SessionFileSystem;
  /** Cross-process single-writer leases; the runtime always serialises turns in-process too. */
  leases?: SessionLeaseManager;
}
