// Benchmark of @org/bus-redis: cross-process delivery latency and pipelined emit throughput.
// Run: pnpm bench (REDIS_URL, default redis://127.0.0.1:6379; BENCH_QUICK=1 for a short smoke run).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Event, SessionId } from '@org/core';
import { Redis } from 'ioredis';
import { RedisEventBus } from '../src/index.js';
import { benchEvent, percentile, preciseNow } from './bench-events.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench:bus-redis:${randomUUID().slice(0, 8)}:`;
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

async function latency(events: number, warmup: number, intervalMs: number): Promise<{ p50: number; p90: number; p99: number; max: number; samples: number }> {
  const session = SessionId.generate();
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', 'bench/latency-subscriber.ts', url, prefix, session, String(events)], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('ready\n')) resolve();
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const bus = new RedisEventBus({ connection: url, keyPrefix: prefix, connectionName: 'bus-redis-bench-emitter' });
  // Prebuilt so the timed path is only what a caller pays: publish() and delivery.
  const prepared = Array.from({ length: events }, (_, i) => benchEvent(session, i + 1, { emittedAt: 0 }));
  for (const event of prepared) {
    (event.metadata as { emittedAt: number }).emittedAt = preciseNow();
    await bus.publish([event]);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await exited;
  await bus.close();
  const samples = (JSON.parse(output.split('\n').filter(Boolean).at(-1) ?? '[]') as number[]).slice(warmup).sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p90: percentile(samples, 0.9), p99: percentile(samples, 0.99), max: samples.at(-1) ?? Number.NaN, samples: samples.length };
}

async function throughput(sessions: number, total: number, batchSize: number, inFlight: number): Promise<number> {
  const bus = new RedisEventBus({ connection: url, keyPrefix: prefix, connectionName: 'bus-redis-bench-emitter', retention: { maxLen: 10_000 } });
  const ids = Array.from({ length: sessions }, () => SessionId.generate());
  const perSession = Math.ceil(total / sessions);
  const events: Event[] = [];
  // Interleave sessions the way concurrent turns would emit.
  for (let n = 1; n <= perSession; n++) for (const id of ids) events.push(benchEvent(id, n));
  const batches: Event[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
  await bus.publish(batches.shift() ?? []); // connect before timing
  const started = performance.now();
  let next = 0;
  // Several publish calls in flight: each is one pipeline; the connection keeps them in order.
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < batches.length) await bus.publish(batches[next++] as Event[]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await bus.close();
  return (events.length - batchSize) / seconds;
}

async function cleanup(): Promise<void> {
  const admin = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await admin.del(...keys);
  } while (cursor !== '0');
  admin.disconnect();
}

try {
  console.log(`machine load average (1 min): ${(await import('node:os')).loadavg()[0]?.toFixed(2)} on ${(await import('node:os')).availableParallelism()} cores`);
  const lat = quick ? await latency(300, 50, 1) : await latency(2000, 200, 1);
  console.log(
    `cross-process delivery latency (publish → subscriber in another process, ${lat.samples} events, 1 ms apart): p50 ${lat.p50.toFixed(3)} ms, p90 ${lat.p90.toFixed(3)} ms, p99 ${lat.p99.toFixed(3)} ms, max ${lat.max.toFixed(3)} ms (goal p99 < 2 ms)`,
  );
  for (const sessions of [1, 100]) {
    const rate = await throughput(sessions, quick ? 10_000 : 100_000, 100, 8);
    console.log(`emit throughput, ${sessions} session(s), batches of 100, 8 publishes in flight: ${Math.round(rate).toLocaleString('en-US')} events/s (goal ≥ 50,000)`);
  }
} finally {
  await cleanup();
}
