import { randomUUID } from 'node:crypto';
import { probeService } from '@org/testkit';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The test database: `DATABASE_URL`, or the local server. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis the tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether PostgreSQL and Redis both answer (the worker needs both). */
export async function servicesStatus() {
  const postgres = await probeService('PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  });
  const redis = await probeService('Redis', async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
  if (!postgres.available) return postgres;
  return redis.available ? { name: 'PostgreSQL + Redis', available: true } : redis;
}

/** A per-run name: a schema, and the BullMQ / bus key prefix. */
export function uniqueRun(label: string): { schema: string; prefix: string; queueName: string } {
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  return { schema: `test_worker_${id}`, prefix: `test:worker:${label}:${id}`, queueName: `turns-${label}` };
}

/** Drops a schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A plain Redis connection for assertions and cleanup. */
export function adminRedis(): Redis {
  const client = new Redis(REDIS_URL, { connectionName: 'worker-test-admin' });
  client.on('error', () => {});
  return client;
}

/** Deletes every key under a prefix. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}
