import { describeWithService } from '@org/testkit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBackends } from './backends.js';
import { loadMigrations, migrate, migrationStatus } from './migrations.js';
import { PostgresContext } from './postgres-context.js';
import { DATABASE_URL, dropSchema, postgresService, randomSchema } from './test-support/database.js';

/** A pool whose connections count the queries they send (each is one round trip). */
function countingPool() {
  const counter = { queries: 0 };
  class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      counter.queries += 1;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2, Client: CountingClient });
  return { pool, counter };
}

describeWithService(postgresService, 'migrations', () => {
  const schemas: string[] = [];
  const fresh = () => {
    const schema = randomSchema();
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it('applies every shipped migration once, then is a no-op costing one query', async () => {
    const schema = fresh();
    const shipped = await loadMigrations();
    const first = await migrate({ connectionString: DATABASE_URL, schema });
    expect(first.applied.map((m) => m.version)).toEqual(shipped.map((m) => m.version));
    expect(first.currentVersion).toBe(shipped.at(-1)?.version);

    const { pool, counter } = countingPool();
    try {
      const again = await migrate({ pool, schema });
      expect(again.applied).toEqual([]);
      expect(counter.queries).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('lets several processes migrate the same schema at once (advisory lock) with one ledger row per version', async () => {
    const schema = fresh();
    const results = await Promise.all([1, 2, 3].map(() => migrate({ connectionString: DATABASE_URL, schema })));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, (await loadMigrations()).length]);
    const ctx = PostgresContext.fromOptions({ connectionString: DATABASE_URL, schema });
    try {
      const { rows } = await ctx.query<{ n: string }>({ text: `SELECT count(*) AS n FROM ${ctx.q}._migrations` });
      expect(Number(rows[0]?.n)).toBe((await loadMigrations()).length);
    } finally {
      await ctx.close();
    }
  });

  it('makes the stores refuse to start on an unmigrated schema, naming migrate() and the CLI', async () => {
    const schema = fresh();
    const attempt = postgresBackends({ connectionString: DATABASE_URL, schema });
    await expect(attempt).rejects.toMatchObject({ code: 'configuration' });
    await expect(attempt).rejects.toThrow(/run migrate\(\).*npx @org\/store-postgres migrate/);
  });

  it('refuses to run when the database is newer than the code, and so do the stores', async () => {
    const schema = fresh();
    await migrate({ connectionString: DATABASE_URL, schema });
    const ctx = PostgresContext.fromOptions({ connectionString: DATABASE_URL, schema });
    try {
      await ctx.query({ text: `INSERT INTO ${ctx.q}._migrations (version, name, checksum) VALUES (999, 'from_the_future', 'x')` });
      const message = /database schema version 999 is newer than this code knows \(\d+\); upgrade @org\/store-postgres/;
      await expect(migrate(ctx)).rejects.toThrow(message);
      await expect(postgresBackends({ connectionString: DATABASE_URL, schema })).rejects.toThrow(message);
    } finally {
      await ctx.close();
    }
  });

  it('notices a migration file that changed after it was applied', async () => {
    const schema = fresh();
    await migrate({ connectionString: DATABASE_URL, schema });
    const ctx = PostgresContext.fromOptions({ connectionString: DATABASE_URL, schema });
    try {
      await ctx.query({ text: `UPDATE ${ctx.q}._migrations SET checksum = 'edited' WHERE version = 1` });
      await expect(migrationStatus(ctx)).rejects.toThrow(/differs from the one applied/);
    } finally {
      await ctx.close();
    }
  });

  it('reports an unreachable database as StorageUnavailableError with its address', async () => {
    const attempt = postgresBackends({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: 'unreachable', poolConfig: { connectionTimeoutMillis: 2000 } });
    await expect(attempt).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(attempt).rejects.toThrow('127.0.0.1:1/test');
  });

  describe('options', () => {
    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(postgresBackends({ connectionString: DATABASE_URL, schema: 'x"; DROP TABLE y; --' })).rejects.toMatchObject({ code: 'validation' });
      await expect(postgresBackends({ connectionString: DATABASE_URL, schema: 'Upper' })).rejects.toMatchObject({ code: 'validation' });
    });

    it('needs exactly one of connectionString and pool', async () => {
      await expect(postgresBackends({})).rejects.toMatchObject({ code: 'validation' });
    });
  });
});
