import type { RuntimeBackends } from '@org/core';
import { PostgresAgentStore } from './agent-store.js';
import { ConfigCache } from './config-cache.js';
import { PostgresEventBus } from './event-bus.js';
import { PostgresHarnessStore } from './harness-store.js';
import { PostgresHistoryStore } from './history-store.js';
import { PostgresLeaseManager, type PostgresLeaseOptions } from './lease-manager.js';
import { PostgresMemoryStore } from './memory-store.js';
import { assertMigrated, migrate } from './migrations.js';
import { type PostgresConnectionOptions, PostgresContext } from './postgres-context.js';
import { PostgresProviderStore } from './provider-store.js';
import { PostgresSessionStorageStore } from './session-storage-store.js';
import { PostgresSessionStore } from './session-store.js';

/** Options of {@link postgresBackends}. */
export type PostgresBackendsOptions = PostgresConnectionOptions & {
  /** Apply pending migrations first (default false: refuse to start until `migrate()` or the CLI ran). */
  migrate?: boolean;
  /** Lease timing (TTL, heartbeat, polling). */
  leases?: PostgresLeaseOptions;
  /**
   * Serve harness, agent and model reads from memory while no change is
   * announced (see `ConfigCache`: triggers notify every process of every
   * committed change). Default true; it holds one pooled connection for its
   * `LISTEN`, so it stays off for pools of fewer than 4 connections.
   */
  configCache?: boolean;
};

/** Every PostgreSQL-backed member of `RuntimeBackends`, plus `close()`. */
export interface PostgresBackends extends Omit<RuntimeBackends, 'files' | 'leases'> {
  harnesses: PostgresHarnessStore;
  agents: PostgresAgentStore;
  sessions: PostgresSessionStore;
  history: PostgresHistoryStore;
  providers: PostgresProviderStore;
  storage: PostgresSessionStorageStore;
  memory: PostgresMemoryStore;
  bus: PostgresEventBus;
  leases: PostgresLeaseManager;
  /** The shared connection context (pool, schema). */
  readonly context: PostgresContext;
  /** The configuration cache the harness, agent and provider stores read through (absent when off). */
  readonly configCache?: ConfigCache;
  /** Closes the bus, stops lease heartbeats and ends the pool if it was created here. */
  close(): Promise<void>;
}

/**
 * Builds every store, the lease manager and the event bus on one pool and
 * schema. Checks the schema is migrated (one query) unless `migrate: true`,
 * which applies pending migrations instead. Mix with other backends by spread:
 * `{ ...memoryBackends(), ...(await postgresBackends({ connectionString })) }`.
 *
 * @throws ConfigurationError when migrations are missing or the database is newer than this code.
 * @throws StorageUnavailableError when the database cannot be reached.
 */
export async function postgresBackends(options: PostgresBackendsOptions): Promise<PostgresBackends> {
  const { migrate: runMigrations = false, leases: leaseOptions, configCache = true, ...connection } = options;
  const context = PostgresContext.fromOptions(connection);
  try {
    if (runMigrations) await migrate(context);
    else await assertMigrated(context);
  } catch (error) {
    await context.close();
    throw error;
  }
  const history = new PostgresHistoryStore(context);
  const bus = new PostgresEventBus(context, history);
  const leases = new PostgresLeaseManager(context, leaseOptions);
  const cache = configCache && context.poolMax >= 4 ? new ConfigCache(context) : undefined;
  return {
    context,
    ...(cache ? { configCache: cache } : {}),
    harnesses: new PostgresHarnessStore(context, cache),
    agents: new PostgresAgentStore(context, cache),
    sessions: new PostgresSessionStore(context),
    history,
    providers: new PostgresProviderStore(context, cache),
    storage: new PostgresSessionStorageStore(context),
    memory: new PostgresMemoryStore(context),
    bus,
    leases,
    async close() {
      await bus.close();
      await cache?.close();
      leases.close();
      await context.close();
    },
  };
}
