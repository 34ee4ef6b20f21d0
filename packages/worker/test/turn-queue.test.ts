import { type Event, MessageId, SessionId } from '@org/core';
import { describeWithService } from '@org/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatencyHistogram, TurnQueue, TurnWorker } from '../src/index.js';
import { summariseTurnLog } from './support/event-checks.js';
import { adminRedis, deleteKeys, dropSchema, REDIS_URL, servicesStatus, uniqueRun } from './support/services.js';
import { stepKeys, stepsRequest } from './support/step-script.js';
import { STEPS_HARNESS_ID, workerRuntime } from './support/worker-runtime.js';

const status = await servicesStatus();

describe('LatencyHistogram', () => {
  it('reports nearest-rank percentiles, the maximum and cumulative buckets', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms += 1) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(summary.buckets.find((b) => b.le === 10)?.count).toBe(10);
    expect(summary.buckets.at(-1)).toEqual({ le: null, count: 100 });
  });

  it('keeps percentiles over a bounded window of recent samples', () => {
    const histogram = new LatencyHistogram(10);
    for (let i = 0; i < 10; i += 1) histogram.record(1_000);
    for (let i = 0; i < 10; i += 1) histogram.record(5);
    expect(histogram.summary()).toMatchObject({ count: 20, p99: 5, max: 1_000 });
  });
});

describe('the turn log check used by these tests', () => {
  const event = (sequence: number, inputMessageId: string, type = 'reason.started', data: object = {}) => ({ sequence, type, context: { inputMessageId }, data }) as unknown as Event;
  it('flags interleaved turns, gaps and duplicate tool results', () => {
    expect(summariseTurnLog([event(1, 'a'), event(2, 'b'), event(3, 'a')]).contiguous).toBe(false);
    expect(summariseTurnLog([event(1, 'a'), event(2, 'a'), event(3, 'b')]).contiguous).toBe(true);
    expect(summariseTurnLog([event(1, 'a'), event(3, 'a')]).unbroken).toBe(false);
    const log = summariseTurnLog([event(1, 'a'), event(2, 'a', 'tool.completed', { toolCallId: 'c1' }), event(3, 'a', 'tool.completed', { toolCallId: 'c1' })]);
    expect(log.duplicateToolResults).toEqual(['c1']);
  });
});

describe('TurnQueue / TurnWorker options', () => {
  it('rejects bad options with a ValidationError naming the field', () => {
    expect(() => new TurnQueue({ queueName: 'a:b' })).toThrow(/queueName/);
    expect(() => new TurnWorker({ runtime: { runTurn: async () => ({}) as never }, concurrency: 0, autorun: false })).toThrow(/concurrency/);
    expect(() => new TurnWorker({} as never)).toThrow(/runtime/);
  });
});

describeWithService(status, 'TurnQueue and TurnWorker in one process', () => {
  const run = uniqueRun('inproc');
  const admin = adminRedis();
  let env: Awaited<ReturnType<typeof workerRuntime>>;
  let queue: TurnQueue;
  let worker: TurnWorker;
  const location = { connection: REDIS_URL, prefix: run.prefix, queueName: run.queueName };

  beforeAll(async () => {
    env = await workerRuntime({ schema: run.schema, prefix: run.prefix, delayMs: 5, migrate: true });
    queue = new TurnQueue({ ...location, backoffMs: 50 });
    worker = new TurnWorker({ ...location, runtime: env.runtime, concurrency: 4 });
    await worker.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await env?.close();
    await dropSchema(run.schema);
    await deleteKeys(admin, run.prefix);
    admin.disconnect();
  });

  it('runs an enqueued turn with the runtime and hands back its result', async () => {
    const session = await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID });
    const enqueued = await queue.enqueue(session.id, stepsRequest(2));
    expect(enqueued).toMatchObject({ sessionId: session.id, jobId: enqueued.inputMessageId, created: true });
    const result = await queue.waitForResult(enqueued.jobId, { timeoutMs: 20_000 });
    expect(result).toMatchObject({ success: true, response: 'finished 2 steps', toolCallCount: 2, iterations: 3 });
    // The recorded user message has the id the queue handed out.
    const messages = await env.runtime.messages(session.id);
    expect(messages[0]).toMatchObject({ id: enqueued.inputMessageId, role: 'user' });
    const log = summariseTurnLog(await env.runtime.events(session.id));
    expect(log).toMatchObject({ unbroken: true, contiguous: true, duplicateToolResults: [] });
    expect(log.turns.get(enqueued.inputMessageId)).toEqual({ started: 1, completed: 1, failed: 0, cancelled: 0 });
  });

  it('adds one job for one input message id, and refuses the same id for another session', async () => {
    const session = await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID });
    const other = await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID });
    const inputMessageId = MessageId.generate();
    const [first, second] = await Promise.all([
      queue.enqueue(session.id, stepsRequest(1), { inputMessageId }),
      queue.enqueue(session.id, stepsRequest(1), { inputMessageId }),
    ]);
    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    await expect(queue.enqueue(other.id, stepsRequest(1), { inputMessageId })).rejects.toMatchObject({ code: 'conflict' });
    await queue.waitForResult(inputMessageId, { timeoutMs: 20_000 });
    // After the job finished, enqueueing it again is still a no-op (the job is kept), and one turn ran.
    expect((await queue.enqueue(session.id, stepsRequest(1), { inputMessageId })).created).toBe(false);
    const log = summariseTurnLog(await env.runtime.events(session.id));
    expect([...log.turns.values()]).toEqual([{ started: 1, completed: 1, failed: 0, cancelled: 0 }]);
  });

  it('validates at enqueue time and loses nothing', async () => {
    await expect(queue.enqueue('session_nope', 'hi')).rejects.toMatchObject({ code: 'validation' });
    await expect(queue.enqueue(SessionId.generate(), '')).rejects.toMatchObject({ code: 'validation' });
    await expect(queue.enqueue(SessionId.generate(), 'hi', { inputMessageId: 'message_x' })).rejects.toMatchObject({ code: 'validation' });
    await expect(queue.enqueue(SessionId.generate(), { content: [] } as never)).rejects.toMatchObject({ code: 'validation' });
  });

  it('fails a job for a missing session at once, without retries', async () => {
    const failedBefore = (await worker.metrics()).worker.failed;
    const { jobId } = await queue.enqueue(SessionId.generate(), stepsRequest(1));
    await expect(queue.waitForResult(jobId, { timeoutMs: 20_000 })).rejects.toMatchObject({ code: 'internal', message: /session not found/ });
    const metrics = await worker.metrics();
    expect(metrics.jobs.failed).toBeGreaterThanOrEqual(1);
    // One attempt only, although the queue allows 5.
    expect(metrics.worker.failed - failedBefore).toBe(1);
  });

  it('runs other sessions in parallel and one session one turn at a time, and reports metrics', async () => {
    const sessions = await Promise.all([0, 1, 2].map(() => env.runtime.createSession({ harnessId: STEPS_HARNESS_ID })));
    const jobs = await Promise.all(sessions.flatMap((s) => [queue.enqueue(s.id, stepsRequest(2)), queue.enqueue(s.id, stepsRequest(1))]));
    const results = await Promise.all(jobs.map((job) => queue.waitForResult(job.jobId, { timeoutMs: 30_000 })));
    expect(results.every((r) => r.success)).toBe(true);
    for (const session of sessions) {
      const log = summariseTurnLog(await env.runtime.events(session.id));
      expect(log).toMatchObject({ unbroken: true, contiguous: true, duplicateToolResults: [] });
      expect([...log.turns.values()].every((t) => t.started === 1 && t.completed === 1)).toBe(true);
    }
    const metrics = await worker.metrics();
    expect(metrics.worker).toMatchObject({ concurrency: 4, running: 0, draining: false });
    expect(metrics.worker.completed).toBeGreaterThanOrEqual(6);
    expect(metrics.turnLatencyMs.count).toBe(metrics.worker.completed);
    expect(metrics.turnLatencyMs.p50).toBeGreaterThan(0);
    expect(metrics.queueWaitMs.count).toBeGreaterThanOrEqual(6);
    expect(metrics.jobs).toMatchObject({ waiting: 0, active: 0 });
    // Each tool call ran exactly once.
    const executions = await admin.lrange(stepKeys.log(run.prefix), 0, -1);
    expect(new Set(executions).size).toBe(executions.length);
  });

  it('drain with onTimeout "cancel" aborts a turn still running at the timeout; its job completes as cancelled', async () => {
    const queueName = `${run.queueName}-drain`;
    const drainQueue = new TurnQueue({ ...location, queueName });
    const drainWorker = new TurnWorker({ ...location, queueName, runtime: env.runtime, concurrency: 2 });
    try {
      const session = await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID });
      await admin.del(stepKeys.holding(run.prefix));
      const job = await drainQueue.enqueue(session.id, stepsRequest(2, 1));
      for (let i = 0; i < 400 && !(await admin.get(stepKeys.holding(run.prefix))); i += 1) await new Promise((r) => setTimeout(r, 25));
      expect((await drainWorker.metrics()).worker.running).toBe(1);
      expect(await drainWorker.drain({ timeoutMs: 100, onTimeout: 'cancel' })).toEqual({ finished: 0, interrupted: 1, action: 'cancel' });
      const result = await drainQueue.waitForResult(job.jobId, { timeoutMs: 10_000 });
      expect(result).toMatchObject({ success: false, stopReason: 'cancelled' });
      const log = summariseTurnLog(await env.runtime.events(session.id));
      expect(log.turns.get(job.inputMessageId)).toMatchObject({ started: 1, cancelled: 1, completed: 0 });
    } finally {
      await drainWorker.close();
      await drainQueue.close();
    }
  });
});
