import { StorageUnavailableError, ValidationError } from '@org/core';
import { describeWithService } from '@org/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PostgresContext } from './postgres-context.js';
import { DATABASE_URL, postgresService } from './test-support/database.js';

const PID = { text: 'SELECT pg_backend_pid() AS pid', pipeline: true } as const;

describeWithService(postgresService, 'pipelined connections', () => {
  let admin: pg.Client;
  const contexts: PostgresContext[] = [];
  const contextWith = (pipeline: number | boolean, poolSize = 4) => {
    const context = PostgresContext.fromOptions({ connectionString: DATABASE_URL, pipeline, poolSize });
    contexts.push(context);
    return context;
  };
  const pidsOf = async (context: PostgresContext, statements: number) =>
    new Set((await Promise.all(Array.from({ length: statements }, () => context.query<{ pid: number }>(PID)))).map((result) => result.rows[0]?.pid));

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await admin?.end();
  });

  it('shares its few connections among many concurrent statements; unmarked statements use the pool', async () => {
    const context = contextWith(2, 8);
    expect(context.pipelinedConnections).toBe(2);
    expect((await pidsOf(context, 60)).size).toBeLessThanOrEqual(2);
    // The same burst through the pool spreads over its connections.
    const pooled = await Promise.all(Array.from({ length: 60 }, () => context.query<{ pid: number }>({ text: 'SELECT pg_backend_pid() AS pid, pg_sleep(0.01)' })));
    expect(new Set(pooled.map((result) => result.rows[0]?.pid)).size).toBeGreaterThan(2);
  });

  it('is off by default; true means 2 connections; 0 or false turn it off; a pool you give gets its own', async () => {
    expect(contextWith(true).pipelinedConnections).toBe(2);
    const byDefault = PostgresContext.fromOptions({ connectionString: DATABASE_URL });
    contexts.push(byDefault);
    expect(byDefault.pipelinedConnections).toBe(0);
    expect(contextWith(0).pipelinedConnections).toBe(0);
    expect(contextWith(false).pipelinedConnections).toBe(0);
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      expect(PostgresContext.fromOptions({ pool }).pipelinedConnections).toBe(0);
      const own = PostgresContext.fromOptions({ pool, pipeline: 1 });
      contexts.push(own);
      expect((await pidsOf(own, 10)).size).toBe(1);
    } finally {
      await pool.end();
    }
    expect(() => PostgresContext.fromOptions({ connectionString: DATABASE_URL, pipeline: -1 })).toThrow(ValidationError);
    expect(() => PostgresContext.fromOptions({ connectionString: DATABASE_URL, pipeline: 1.5 })).toThrow(/pipeline/);
  });

  it('a failing statement does not disturb the statements written behind it on the same connection', async () => {
    const context = contextWith(1);
    const results = await Promise.allSettled([
      context.query({ text: 'SELECT 1 / $1::int AS x', values: [1], pipeline: true }),
      context.query({ text: 'SELECT 1 / $1::int AS x', values: [0], pipeline: true }),
      context.query({ text: 'SELECT 2 / $1::int AS x', values: [1], pipeline: true }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]?.status === 'rejected' && String(results[1].reason)).toMatch(/division by zero/);
    expect(results[2]?.status === 'fulfilled' && results[2].value.rows[0]).toEqual({ x: 2 });
  });

  it('a connection killed mid-statement fails what it carried as StorageUnavailableError, and the next statement reconnects', async () => {
    const context = contextWith(1);
    const [before] = await pidsOf(context, 1);
    // Both outcomes are observed from the start, so neither rejection is ever left unhandled.
    const outcomes = Promise.allSettled([context.query({ text: 'SELECT pg_sleep(5)', pipeline: true }), context.query(PID)]);
    // Wait until the sleep runs on the server, then end that backend.
    await expect.poll(async () => (await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'", [before])).rows[0].n).toBe(1);
    await admin.query('SELECT pg_terminate_backend($1)', [before]);
    const [sleeping, behind] = await outcomes;
    expect(sleeping.status === 'rejected' && sleeping.reason).toBeInstanceOf(StorageUnavailableError);
    expect(behind.status === 'rejected' && behind.reason).toBeInstanceOf(StorageUnavailableError);
    const [after] = await pidsOf(context, 1);
    expect(after).toBeTypeOf('number');
    expect(after).not.toBe(before);
  });

  it('after close, statements fail as StorageUnavailableError and no connection is left open', async () => {
    const context = PostgresContext.fromOptions({ connectionString: DATABASE_URL, pipeline: 2, applicationName: 'pipeline-close-test' });
    await pidsOf(context, 20);
    await context.close();
    await expect(context.query(PID)).rejects.toBeInstanceOf(StorageUnavailableError);
    const open = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pipeline-close-test'");
    expect(open.rows[0].n).toBe(0);
  });

  it('a statement still connecting when close() is called fails as StorageUnavailableError, leaving no connection open', async () => {
    const context = PostgresContext.fromOptions({ connectionString: DATABASE_URL, pipeline: 2, applicationName: 'pipeline-close-race-test' });
    // Nothing is connected yet: this statement starts the connect, and close() lands while it is under way.
    const outcome = Promise.allSettled([context.query(PID)]);
    await context.close();
    const [settled] = await outcome;
    expect(settled?.status).toBe('rejected');
    expect((settled as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
    const open = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pipeline-close-race-test'");
    expect(open.rows[0].n).toBe(0);
  });
});
