import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type PostgresBackends, type PostgresBackendsOptions, postgresBackends } from '../src/backends.js';

/** The benchmark database: `DATABASE_URL`, or the local server. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Backends on a new, migrated `bench_<random>` schema, for this package's
 * benchmark and for full-runtime benchmarks (spread over `memoryBackends()`).
 * Drop the schema with {@link dropBenchSchema} afterwards.
 */
export async function benchBackends(options: Partial<PostgresBackendsOptions> = {}): Promise<{ backends: PostgresBackends; schema: string }> {
  const schema = options.schema ?? `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const connection = options.pool ? { pool: options.pool } : { connectionString: DATABASE_URL, poolSize: 10 };
  const backends = await postgresBackends({ ...options, ...connection, schema, migrate: true } as PostgresBackendsOptions);
  return { backends, schema };
}

/** Drops a benchmark schema. */
export async function dropBenchSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
