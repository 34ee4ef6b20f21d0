// Benchmark of @org/worker: turns/s with 1, 2 and 4 worker processes, and the queue's added latency per turn.
// Run: pnpm bench (DATABASE_URL, REDIS_URL; BENCH_QUICK=1 for a short smoke run; BENCH_CONCURRENCY = turns per worker, default 1).
// Turns: one tool call then an answer (two llmsim calls, each with withResponseDelay(20)), on PostgreSQL stores + leases and a Redis bus.
import type { SessionId, TurnResult } from '@org/core';
import { TurnQueue, TurnWorker } from '../src/index.js';
import { type Child, killRunningFixtures, runFixture } from '../test/support/child-process.js';
import { adminRedis, deleteKeys, dropSchema, REDIS_URL, uniqueRun } from '../test/support/services.js';
import { stepsRequest } from '../test/support/step-script.js';
import { STEPS_HARNESS_ID, workerRuntime } from '../test/support/worker-runtime.js';

const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 1);
const DELAY_MS = 20;
const run = uniqueRun('bench');
const env = await workerRuntime({ schema: run.schema, prefix: run.prefix, delayMs: DELAY_MS, migrate: true });
const request = stepsRequest(1);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { mean: round(mean), p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)) };
}
const round = (n: number) => Math.round(n * 100) / 100;

async function newSessions(count: number): Promise<SessionId[]> {
  const sessions: SessionId[] = [];
  for (let i = 0; i < count; i += 1) sessions.push((await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID })).id);
  return sessions;
}

/**
 * Direct `runTurn` vs the same turn through TurnQueue → TurnWorker, in one
 * process, one at a time and alternating (so drift and warm-up hit both
 * alike): only the queue differs.
 */
async function queueOverhead(turns: number) {
  const queueName = `${run.queueName}-overhead`;
  const spans = new Map<string, { start: number; end: number }>();
  const timed = {
    async runTurn(...args: Parameters<typeof env.runtime.runTurn>): Promise<TurnResult> {
      const start = performance.now();
      const result = await env.runtime.runTurn(...args);
      spans.set(String(args[2]?.inputMessageId), { start, end: performance.now() });
      return result;
    },
  };
  const queue = new TurnQueue({ connection: REDIS_URL, prefix: run.prefix, queueName });
  const worker = new TurnWorker({ runtime: timed, connection: REDIS_URL, prefix: run.prefix, queueName, concurrency: 1 });
  await worker.waitUntilReady();
  const direct: number[] = [];
  const toStart: number[] = [];
  const toResult: number[] = [];
  const queued: number[] = [];
  const warmup = 5;
  for (let index = 0; index < turns + warmup; index += 1) {
    const [a, b] = await newSessions(2);
    const directStart = performance.now();
    await env.runtime.runTurn(a as SessionId, request);
    const directMs = performance.now() - directStart;
    const enqueuedAt = performance.now();
    const { jobId, inputMessageId } = await queue.enqueue(b as SessionId, request);
    await queue.waitForResult(jobId);
    const observed = performance.now();
    const span = spans.get(inputMessageId);
    if (!span || index < warmup) continue;
    direct.push(directMs);
    toStart.push(span.start - enqueuedAt);
    toResult.push(observed - span.end);
    queued.push(observed - enqueuedAt);
  }
  await worker.close();
  await queue.close();
  const directStats = stats(direct);
  const queuedStats = stats(queued);
  return {
    turns,
    directTurnMs: directStats,
    queuedTurnMs: queuedStats,
    enqueueToStartMs: stats(toStart),
    finishToResultMs: stats(toResult),
    queueAddedMs: stats(toStart.map((start, i) => start + (toResult[i] ?? 0))),
    endToEndDifferenceMs: { mean: round(queuedStats.mean - directStats.mean), p50: round(queuedStats.p50 - directStats.p50) },
  };
}

/** Turns/s with `workers` processes draining `turns` jobs (each on its own session). */
async function throughput(workers: number, turns: number) {
  const queueName = `${run.queueName}-w${workers}`;
  const config = JSON.stringify({ schema: run.schema, prefix: run.prefix, queueName, concurrency, delayMs: DELAY_MS });
  const children: Child[] = Array.from({ length: workers }, () => runFixture('worker-process.ts', [config]));
  await Promise.all(children.map((c) => c.waitForLine((line) => line.startsWith('ready'), 60_000)));
  const queue = new TurnQueue({ connection: REDIS_URL, prefix: run.prefix, queueName });
  const warm = await newSessions(workers * concurrency);
  await Promise.all(warm.map(async (id) => queue.waitForResult((await queue.enqueue(id, request)).jobId)));
  const sessions = await newSessions(turns);
  const started = performance.now();
  const jobs = await Promise.all(sessions.map((id) => queue.enqueue(id, request)));
  await Promise.all(jobs.map((job) => queue.waitForResult(job.jobId)));
  const seconds = (performance.now() - started) / 1000;
  for (const child of children) child.process.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited(30_000)));
  await queue.close();
  return { workers, concurrencyPerWorker: concurrency, turns, seconds: round(seconds), turnsPerSecond: round(turns / seconds) };
}

try {
  const overhead = await queueOverhead(quick ? 10 : 60);
  console.log('queue overhead (sequential turns, one process):');
  console.log(JSON.stringify(overhead, null, 2));
  const results = [];
  for (const workers of [1, 2, 4]) {
    const result = await throughput(workers, quick ? 20 : 120 * Math.max(1, concurrency));
    results.push(result);
    console.log(`throughput: ${JSON.stringify(result)}`);
  }
  const base = results[0]?.turnsPerSecond ?? 1;
  console.log(`scaling vs 1 worker: ${results.map((r) => `${r.workers}w ×${round(r.turnsPerSecond / base)}`).join(', ')}`);
} finally {
  killRunningFixtures();
  await env.close();
  await dropSchema(run.schema);
  const admin = adminRedis();
  await deleteKeys(admin, run.prefix);
  admin.disconnect();
}
