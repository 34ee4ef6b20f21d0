import { connect } from 'node:net';
import { describeWithService } from '@org/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, probePostgresAndRedis, REDIS_URL, withPostgres } from '../../test/services.js';
import { parseWorkerArgs, runWorkerCommand } from './index.js';

describe('demo worker arguments', () => {
  it('defaults, environment fallbacks and flags', () => {
    expect(parseWorkerArgs([], {})).toMatchObject({ mode: 'run', concurrency: 4, queueName: 'agent-turns', prefix: 'agent-runtime:bull', redisUrl: 'redis://127.0.0.1:6379' });
    expect(parseWorkerArgs(['--concurrency', '8', '--queue', 'q1'], { REDIS_URL: 'redis://r:1', WORKER_PREFIX: 'p' })).toMatchObject({
      concurrency: 8,
      queueName: 'q1',
      prefix: 'p',
      redisUrl: 'redis://r:1',
    });
    expect(parseWorkerArgs(['enqueue', 'hi', '--no-wait'], {})).toMatchObject({ mode: 'enqueue', prompt: 'hi', wait: false });
  });

  it('rejects bad usage with a message naming the problem', async () => {
    expect(() => parseWorkerArgs(['--concurrency', '0'], {})).toThrow(/concurrency/);
    expect(() => parseWorkerArgs(['launch'], {})).toThrow(/unknown subcommand "launch"/);
    expect(() => parseWorkerArgs(['enqueue'], {})).toThrow(/exactly one prompt/);
    const errors: string[] = [];
    expect(await runWorkerCommand(['--bogus'], { io: { out: () => {}, err: (l) => errors.push(l) } })).toBe(2);
    expect(errors.join('\n')).toMatch(/Usage: demo worker/);
  });
});

/** Deletes the keys matching a pattern (one Lua call over a raw connection; the demo has no Redis client of its own). */
function deleteRedisKeys(pattern: string): Promise<void> {
  const script = "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 1";
  const args = ['EVAL', script, '0', pattern];
  const payload = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const target = new URL(REDIS_URL);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port || 6379) }, () => socket.write(payload));
    socket.once('data', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

const services = await probePostgresAndRedis();

describeWithService(services, 'demo worker on PostgreSQL + Redis', () => {
  const id = Math.random().toString(16).slice(2, 10);
  const env = { DATABASE_URL, DEMO_PG_SCHEMA: `demo_worker_${id}`, REDIS_URL, REDIS_PREFIX: `test:demo-worker:${id}:bus:`, WORKER_PREFIX: `test:demo-worker:${id}` };
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const [key, value] of Object.entries(env)) {
      saved.set(key, process.env[key]);
      process.env[key] = value;
    }
  });
  afterAll(async () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await withPostgres((context) => context.pool.query(`DROP SCHEMA IF EXISTS "${env.DEMO_PG_SCHEMA}" CASCADE`));
    await deleteRedisKeys(`test:demo-worker:${id}:*`);
  });

  it('a worker runs an enqueued turn, and drains when stopped', async () => {
    const workerLines: string[] = [];
    const stop = new AbortController();
    const running = runWorkerCommand(['--concurrency', '2'], { io: { out: (l) => workerLines.push(l), err: (l) => workerLines.push(l) }, stop: stop.signal });
    const deadline = Date.now() + 20_000;
    while (!workerLines.some((l) => l.includes(' ready: ')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(workerLines.find((l) => l.includes(' ready: '))).toMatch(/queue agent-turns, concurrency 2, stores=postgres/);

    const lines: string[] = [];
    const code = await runWorkerCommand(['enqueue', 'What is the weather in Paris?'], { io: { out: (l) => lines.push(l), err: (l) => lines.push(l) } });
    expect(code, lines.join('\n')).toBe(0);
    expect(lines[0]).toMatch(/^enqueued message_[0-9a-f]{32} on session_[0-9a-f]{32}$/);
    expect(lines[1]?.length).toBeGreaterThan(0);

    stop.abort();
    expect(await running).toBe(0);
    expect(workerLines.at(-1)).toMatch(/drained: 0 finished, 0 interrupted/);
  });
});
