import { PostgresContext } from '@org/store-postgres';
import { probeService } from '@org/testkit';
import { pingRedis } from '../src/redis-ping.js';

/** The test database and Redis: `DATABASE_URL` / `REDIS_URL`, or the local servers. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Runs `run` on a one-connection context of the test database, then closes it. */
export async function withPostgres<T>(run: (context: PostgresContext) => Promise<T>): Promise<T> {
  const context = PostgresContext.fromOptions({ connectionString: DATABASE_URL, poolSize: 1 });
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

/** Whether PostgreSQL and Redis both answer (for `describeWithService`), naming each one that does not. */
export async function probePostgresAndRedis() {
  const [postgres, redis] = await Promise.all([
    probeService('PostgreSQL', () => withPostgres((context) => context.pool.query('SELECT 1'))),
    probeService('Redis', () => pingRedis(REDIS_URL)),
  ]);
  return {
    name: 'PostgreSQL + Redis',
    available: postgres.available && redis.available,
    reason: [postgres, redis]
      .filter((s) => !s.available)
      .map((s) => `${s.name}: ${s.reason}`)
      .join('; '),
  };
}
