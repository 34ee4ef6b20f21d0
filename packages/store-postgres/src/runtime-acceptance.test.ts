import type { RuntimeBackends } from '@org/core';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { describeRuntimeAcceptance, describeWithService } from '@org/testkit';
import { adminClient, deleteKeys, REDIS_URL, RedisEventBus, redisStatus, uniquePrefix } from '../test/support/redis-bus.js';
import type { PostgresBackends } from './backends.js';
import { freshBackends, postgresService } from './test-support/database.js';

const redisService = await redisStatus();

/** Backends whose PostgreSQL part `destroy` has to close (and whose schema it drops). */
type WithPostgres = RuntimeBackends & { postgres: PostgresBackends };

/** Guards against a suite that passes on the memory stores by mistake: the runs must have reached the tables. */
async function assertStoredInPostgres(backends: RuntimeBackends): Promise<void> {
  const { context } = (backends as WithPostgres).postgres;
  const { rows } = await context.query<{ events: string; leases: string }>({
    text: `SELECT (SELECT count(*) FROM ${context.q}.events) AS events, (SELECT count(*) FROM ${context.q}.session_leases) AS leases`,
  });
  if (Number(rows[0]?.events) === 0 || Number(rows[0]?.leases) === 0) throw new Error(`the acceptance runs stored nothing in PostgreSQL: ${JSON.stringify(rows[0])}`);
}

// Every store, the leases and the bus on PostgreSQL; only the file system in memory.
describeWithService(postgresService, 'PostgreSQL stores + leases + PostgreSQL bus', () => {
  describeRuntimeAcceptance({
    name: 'postgres stores + postgres bus',
    create: async (): Promise<WithPostgres> => {
      const postgres = await freshBackends({ applicationName: 'runtime-acceptance' });
      const { context: _context, close: _close, ...stores } = postgres;
      return { ...memoryBackends(), ...stores, files: new MemorySessionFileSystem(), postgres };
    },
    destroy: async (backends) => {
      await assertStoredInPostgres(backends);
      await (backends as WithPostgres).postgres.close();
    },
  });
});

// The recommended combination: the durable history on PostgreSQL, the live fan-out on Redis. (With short statements
// on pipelined connections, so the whole suite also runs that way.)
describeWithService(postgresService, 'PostgreSQL stores (pipelined) + leases + Redis bus', () => {
  describeWithService(redisService, 'with Redis', () => {
    const prefix = uniquePrefix('pg-acceptance');
    describeRuntimeAcceptance({
      name: 'postgres stores (pipelined) + redis bus',
      create: async (): Promise<WithPostgres> => {
        const postgres = await freshBackends({ applicationName: 'runtime-acceptance-redis', pipeline: 2 });
        const { context: _context, close: _close, bus: _pgBus, ...stores } = postgres;
        const bus = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: 'store-postgres-acceptance' });
        return { ...memoryBackends(), ...stores, bus, files: new MemorySessionFileSystem(), postgres };
      },
      destroy: async (backends) => {
        await assertStoredInPostgres(backends);
        await backends.bus.close();
        await (backends as WithPostgres).postgres.close();
        const admin = adminClient();
        await deleteKeys(admin, prefix);
        admin.disconnect();
      },
    });
  });
});
