import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type EventBus, type RuntimeBackends, type SessionFileSystem, SessionId } from '@org/core';
import { RedisEventBus } from '@org/bus-redis';
import { DiskSessionFileSystem } from '@org/fs-disk';
import { S3SessionFileSystem } from '@org/fs-s3';
import { MemoryEventBus, MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { type PostgresBackends, postgresBackends } from '@org/store-postgres';
import type { DemoConfig } from './config.js';
import { pingRedis } from './redis-ping.js';

/** The outcome of one readiness probe. */
export interface BackendCheck {
  /** `stores`, `bus` or `files`. */
  component: string;
  kind: string;
  ok: boolean;
  /** Why the probe failed. */
  error?: string;
}

/** Backends built from a {@link DemoConfig}, with readiness probes and one `close()` for all of them. */
export interface ComposedBackends {
  backends: RuntimeBackends;
  files: SessionFileSystem;
  /** Probes every external backend once (memory ones are always ready). */
  checkReadiness(): Promise<BackendCheck[]>;
  /** Closes the bus, the pools and the clients (idempotent). */
  close(): Promise<void>;
}

// A session id no one uses: probing the file system lists its (empty) workspace.
const PROBE_SESSION = SessionId.fromSeed(0);

/**
 * Builds the runtime's backends, each chosen independently: stores
 * (memory | postgres), bus (memory | postgres | redis), files (memory | disk | s3).
 * What was opened before a failure is closed again before the error is rethrown.
 *
 * @throws StorageUnavailableError / ConfigurationError from the adapters (database down, schema not migrated…).
 */
export async function composeBackends(config: DemoConfig): Promise<ComposedBackends> {
  const closers: (() => Promise<void> | void)[] = [];
  const probes: (() => Promise<BackendCheck>)[] = [];
  const closeAll = once(async () => {
    // Reverse order: the bus and files go before the pools they may use.
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
  });
  try {
    const memory = memoryBackends();
    let postgres: PostgresBackends | undefined;
    let stores: RuntimeBackends = memory;
    if (config.stores.kind === 'postgres') {
      const { url, schema, migrate } = config.stores;
      postgres = await postgresBackends({ connectionString: url, schema, migrate, applicationName: 'agent-runtime-demo' });
      const pg = postgres;
      closers.push(() => pg.close());
      stores = pg;
      probes.push(() => probe('stores', 'postgres', () => pg.context.pool.query('SELECT 1')));
    } else probes.push(async () => ({ component: 'stores', kind: 'memory', ok: true }));

    let bus: EventBus;
    switch (config.bus.kind) {
      case 'memory':
        bus = postgres ? new MemoryEventBus() : memory.bus;
        probes.push(async () => ({ component: 'bus', kind: 'memory', ok: true }));
        break;
      case 'postgres':
        // Validation guarantees PostgreSQL stores here; their bus reads the same history table.
        if (!postgres) throw new Error('unreachable: the postgres bus needs PostgreSQL stores');
        bus = postgres.bus;
        probes.push(() => probe('bus', 'postgres', () => postgres.context.pool.query('SELECT 1')));
        break;
      case 'redis': {
        const { url, keyPrefix, ttlSeconds } = config.bus;
        const redis = await RedisEventBus.connect({ connection: url, keyPrefix, connectionName: 'agent-runtime-demo', ...(ttlSeconds ? { ttlSeconds } : {}) });
        closers.push(() => redis.close());
        bus = redis;
        probes.push(() => probe('bus', 'redis', () => pingRedis(url)));
        break;
      }
    }

    let files: SessionFileSystem;
    switch (config.files.kind) {
      case 'memory':
        files = new MemorySessionFileSystem();
        probes.push(async () => ({ component: 'files', kind: 'memory', ok: true }));
        break;
      case 'disk': {
        const root = resolve(config.files.root);
        await mkdir(root, { recursive: true });
        const disk = new DiskSessionFileSystem({ root });
        files = disk;
        probes.push(() => probe('files', 'disk', () => disk.list(PROBE_SESSION, '/')));
        break;
      }
      case 's3': {
        const { accessKeyId, secretAccessKey, endpoint, ...rest } = config.files;
        const { kind: _kind, ...s3 } = rest;
        const s3Files = new S3SessionFileSystem({
          ...s3,
          ...(endpoint ? { endpoint } : {}),
          ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
        });
        closers.push(() => s3Files.destroy());
        files = s3Files;
        probes.push(() => probe('files', 's3', () => s3Files.list(PROBE_SESSION, '/')));
        break;
      }
    }

    return {
      backends: { ...stores, bus, leases: stores.leases ?? memory.leases, files },
      files,
      checkReadiness: () => Promise.all(probes.map((run) => run())),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function probe(component: string, kind: string, run: () => Promise<unknown>, timeoutMs = 2_000): Promise<BackendCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { component, kind, ok: true };
  } catch (error) {
    return { component, kind, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= run();
    return running;
  };
}
