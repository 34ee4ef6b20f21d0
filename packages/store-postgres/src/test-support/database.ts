import { randomUUID } from 'node:crypto';
import { probeService } from '@org/testkit';
import pg from 'pg';
import { type PostgresBackends, type PostgresBackendsOptions, postgresBackends } from '../backends.js';

/** The test database: `DATABASE_URL`, or the local server. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers (for `describeWithService`). */
export const postgresService = await probeService('PostgreSQL', async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
});

/** A fresh schema name, so test files never collide. */
export function randomSchema(): string {
  return `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
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

/** Backends on a new, migrated schema; `close()` also drops the schema. */
export async function freshBackends(options: Partial<PostgresBackendsOptions> = {}): Promise<PostgresBackends & { schema: string }> {
  const schema = options.schema ?? randomSchema();
  const backends = await postgresBackends({ connectionString: DATABASE_URL, poolSize: 4, ...options, schema, migrate: true } as PostgresBackendsOptions);
  return {
    ...backends,
    schema,
    async close() {
      await backends.close();
      await dropSchema(schema);
    },
  };
}
