import type { Event, SessionId } from '@org/core';
import { describeWithService } from '@org/testkit';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { TurnQueue } from '../src/index.js';
import { type Child, killRunningFixtures, runFixture } from './support/child-process.js';
import { summariseTurnLog } from './support/event-checks.js';
import { adminRedis, deleteKeys, dropSchema, REDIS_URL, servicesStatus, uniqueRun } from './support/services.js';
import { stepKeys, stepsRequest } from './support/step-script.js';
import { STEPS_HARNESS_ID, workerRuntime } from './support/worker-runtime.js';

const status = await servicesStatus();

describeWithService(status, 'worker processes', () => {
  const run = uniqueRun('procs');
  const admin = adminRedis();
  let env: Awaited<ReturnType<typeof workerRuntime>>;
  let queue: TurnQueue;
  let queueName = run.queueName;
  let round = 0;

  /** Starts worker processes on a fresh queue name (each test gets its own queue). */
  async function startWorkers(count: number, concurrency: number, delayMs: number): Promise<Child[]> {
    round += 1;
    queueName = `${run.queueName}-${round}`;
    await queue?.close();
    queue = new TurnQueue({ connection: REDIS_URL, prefix: run.prefix, queueName, backoffMs: 200 });
    const config = JSON.stringify({ schema: run.schema, prefix: run.prefix, queueName, concurrency, delayMs });
    const workers = Array.from({ length: count }, () => runFixture('worker-process.ts', [config]));
    await Promise.all(workers.map((w) => w.waitForLine((line) => line.startsWith('ready'))));
    return workers;
  }

  beforeAll(async () => {
    env = await workerRuntime({ schema: run.schema, prefix: run.prefix, delayMs: 0, migrate: true });
  });
  afterEach(killRunningFixtures);
  afterAll(async () => {
    killRunningFixtures();
    await queue?.close();
    await env?.close();
    await dropSchema(run.schema);
    await deleteKeys(admin, run.prefix);
    admin.disconnect();
  });

  it('3 workers, 50 sessions, two multi-step turns each: every turn once, in one block, sequences unbroken', async () => {
    const workers = await startWorkers(3, 4, 20);
    const sessions = await Promise.all(Array.from({ length: 50 }, () => env.runtime.createSession({ harnessId: STEPS_HARNESS_ID })));
    // Two turns per session enqueued at once: different workers take them and must take turns on the session.
    const jobs = await Promise.all(sessions.flatMap((s) => [queue.enqueue(s.id, stepsRequest(2)), queue.enqueue(s.id, stepsRequest(1))]));
    const results = await Promise.all(jobs.map((job) => queue.waitForResult(job.jobId, { timeoutMs: 50_000 })));
    expect(results.filter((r) => !r.success)).toEqual([]);

    for (const session of sessions) {
      const log = summariseTurnLog(await env.runtime.events(session.id));
      expect(log, session.id).toMatchObject({ unbroken: true, contiguous: true, duplicateToolResults: [] });
      expect([...log.turns.values()], session.id).toEqual([
        { started: 1, completed: 1, failed: 0, cancelled: 0 },
        { started: 1, completed: 1, failed: 0, cancelled: 0 },
      ]);
    }
    // Every tool call executed exactly once: 50 × (2 + 1) calls.
    const executions = await admin.lrange(stepKeys.log(run.prefix), 0, -1);
    const mine = executions.filter((line) => sessions.some((s) => line.startsWith(s.id)));
    expect(mine).toHaveLength(150);
    expect(new Set(mine.map((line) => line.split(' ')[1])).size).toBe(150);
    // The pool shared the work, and some sessions had their two turns on two different processes.
    const pids = new Set(mine.map((line) => line.split(' ')[2]));
    expect(pids.size).toBe(workers.length);
    const crossProcess = sessions.filter((s) => new Set(mine.filter((l) => l.startsWith(s.id)).map((l) => l.split(' ')[2])).size > 1);
    expect(crossProcess.length).toBeGreaterThan(0);
    expect(await queue.metrics()).toMatchObject({ waiting: 0, active: 0, failed: 0, completed: 100 });
  }, 60_000);

  it('SIGKILL during a tool: another worker finishes the turn, no tool runs twice, nothing is lost', async () => {
    const workers = await startWorkers(3, 2, 20);
    const sessions = await Promise.all(Array.from({ length: 6 }, () => env.runtime.createSession({ harnessId: STEPS_HARNESS_ID })));
    const victimSession = sessions[0] as (typeof sessions)[number];
    // A client following the victim session from here sees the turn finish.
    const follower = new AbortController();
    const seen: Event[] = [];
    const following = (async () => {
      for await (const event of env.runtime.subscribe(victimSession.id, { signal: follower.signal })) {
        seen.push(event);
        if (event.type === 'turn.completed' || event.type === 'turn.failed') return;
      }
    })();
    await admin.del(stepKeys.holding(run.prefix));
    const victim = await queue.enqueue(victimSession.id, stepsRequest(4, 2));
    const others = await Promise.all(sessions.slice(1).map((s) => queue.enqueue(s.id, stepsRequest(3))));

    // Step 2 of the victim turn holds inside its tool: kill the process running it.
    const holding = await waitFor(() => admin.get(stepKeys.holding(run.prefix)), 20_000);
    const [pid, heldCallId] = holding.split(' ') as [string, string, SessionId];
    const killed = workers.find((w) => String(w.process.pid) === pid);
    expect(killed, `no worker with pid ${pid}`).toBeDefined();
    killed?.process.kill('SIGKILL');

    const result = await queue.waitForResult(victim.jobId, { timeoutMs: 40_000 });
    expect(result).toMatchObject({ success: true, response: 'finished 4 steps' });
    const otherResults = await Promise.all(others.map((job) => queue.waitForResult(job.jobId, { timeoutMs: 40_000 })));
    expect(otherResults.every((r) => r.success)).toBe(true);
    await Promise.race([following, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    follower.abort();
    expect(seen.some((e) => e.type === 'turn.completed' && e.context.inputMessageId === victim.inputMessageId)).toBe(true);

    // No tool call ran twice anywhere; the held call ran once and was reported interrupted, not re-run.
    const executions = await admin.lrange(stepKeys.log(run.prefix), 0, -1);
    const callIds = executions.map((line) => line.split(' ')[1] as string);
    expect(new Set(callIds).size).toBe(callIds.length);
    expect(await admin.get(stepKeys.executions(run.prefix, heldCallId))).toBe('1');
    const victimRuns = executions.filter((line) => line.startsWith(victimSession.id));
    expect(victimRuns).toHaveLength(4);
    // Steps after the crash ran on another process.
    expect(victimRuns.at(-1)?.split(' ')[2]).not.toBe(pid);

    const events = await env.runtime.events(victimSession.id);
    const log = summariseTurnLog(events);
    expect(log).toMatchObject({ unbroken: true, contiguous: true, duplicateToolResults: [] });
    expect(log.turns.get(victim.inputMessageId)).toMatchObject({ completed: 1, failed: 0, cancelled: 0 });
    const heldResult = events.find((e) => e.type === 'tool.completed' && (e as Event<'tool.completed'>).data.toolCallId === heldCallId) as
      | Event<'tool.completed'>
      | undefined;
    expect(heldResult?.data).toMatchObject({ success: false, error: expect.stringMatching(/interrupted/i) });
    // The history is a valid conversation: every tool call has exactly one result.
    const messages = await env.runtime.messages(victimSession.id);
    const calls = messages.flatMap((m) => m.content.filter((p) => p.type === 'tool_call').map((p) => (p as { id: string }).id));
    const results = messages.filter((m) => m.role === 'tool_result');
    expect(results).toHaveLength(calls.length);
    for (const session of sessions.slice(1)) {
      const other = summariseTurnLog(await env.runtime.events(session.id));
      expect(other).toMatchObject({ unbroken: true, contiguous: true, duplicateToolResults: [] });
    }
  }, 60_000);

  it('SIGKILL during a model call: another worker resumes the turn after the last completed step', async () => {
    const workers = await startWorkers(2, 2, 20);
    const session = await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID });
    await admin.del(stepKeys.stalling(run.prefix));
    const job = await queue.enqueue(session.id, stepsRequest(3, undefined, { stallReasonAt: 2 }));
    const pid = await waitFor(() => admin.get(stepKeys.stalling(run.prefix)), 20_000);
    workers.find((w) => String(w.process.pid) === pid)?.process.kill('SIGKILL');

    const result = await queue.waitForResult(job.jobId, { timeoutMs: 40_000 });
    expect(result).toMatchObject({ success: true, response: 'finished 3 steps', toolCallCount: 3 });
    // Step 1 ran before the crash and was not run again; steps 2 and 3 ran once, on the surviving worker.
    const runs = (await admin.lrange(stepKeys.log(run.prefix), 0, -1)).filter((line) => line.startsWith(session.id));
    expect(runs).toHaveLength(3);
    expect(runs[0]?.split(' ')[2]).toBe(pid);
    expect(runs.slice(1).every((line) => line.split(' ')[2] !== pid)).toBe(true);
    const events = await env.runtime.events(session.id);
    const log = summariseTurnLog(events);
    expect(log).toMatchObject({ unbroken: true, contiguous: true, duplicateToolResults: [] });
    expect(log.turns.get(job.inputMessageId)).toMatchObject({ completed: 1, failed: 0, cancelled: 0 });
    expect(events.filter((e) => e.type === 'tool.completed')).toHaveLength(3);
  }, 60_000);

  it('SIGTERM drains: no new jobs, the running turn finishes, the process exits cleanly', async () => {
    const [worker] = await startWorkers(1, 2, 50);
    const session = await env.runtime.createSession({ harnessId: STEPS_HARNESS_ID });
    const job = await queue.enqueue(session.id, stepsRequest(3));
    await waitFor(async () => ((await admin.lrange(stepKeys.log(run.prefix), 0, -1)).some((l) => l.startsWith(session.id)) ? 'started' : null), 20_000);
    worker?.process.kill('SIGTERM');
    const exit = await worker?.exited(20_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(worker?.lines.find((l) => l.startsWith('drained'))).toBe('drained {"finished":1,"interrupted":0,"action":"none"}');
    const events = await env.runtime.events(session.id);
    expect(summariseTurnLog(events).turns.get(job.inputMessageId)).toMatchObject({ started: 1, completed: 1 });
    // A job enqueued after the drain waits for the next worker instead of being taken.
    await queue.enqueue(session.id, stepsRequest(1));
    expect(await queue.metrics()).toMatchObject({ waiting: 1, active: 0 });
  }, 40_000);
});

/** Polls until `probe` returns a non-empty value. */
async function waitFor(probe: () => Promise<string | null>, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
