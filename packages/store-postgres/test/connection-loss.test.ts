import { defineCapability, defineTool, getCurrentTimeTool, Runtime, type RuntimeBackends, SessionId, StorageUnavailableError } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { describeWithService } from '@org/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { postgresBackends } from '../src/backends.js';
import { DATABASE_URL, freshBackends, postgresService } from '../src/test-support/database.js';
import { expectContiguousTurns, expectToolCallsAnswered, expectUnbrokenSequences, expectWholeAtoms } from './support/log-checks.js';

/** A tool that tells the test it started, then waits until the test opens the gate. */
function gatedCapability() {
  let started: () => void = () => {};
  let open: () => void = () => {};
  const reset = () => ({
    started: new Promise<void>((resolve) => {
      started = resolve;
    }),
    opened: new Promise<void>((resolve) => {
      open = resolve;
    }),
  });
  let gate = reset();
  const capability = defineCapability({
    id: 'gated',
    name: 'Gated',
    tools: [
      defineTool({
        name: 'gated',
        description: 'waits for the test',
        // An all-optional schema (this package does not depend on zod directly).
        parameters: getCurrentTimeTool.parameters,
        timeoutMs: 20_000,
        execute: async () => {
          started();
          await gate.opened;
          return { ok: true };
        },
      }),
    ],
  });
  return {
    capability,
    /** Resolves when the tool runs. */
    started: () => gate.started,
    open: () => {
      open();
      gate = reset();
    },
  };
}

describeWithService(postgresService, 'losing the database connections mid-turn', () => {
  let admin: pg.Client;
  /** Holds row locks in its own transaction (the admin's statistics views would be frozen inside one). */
  let locker: pg.Client;
  let postgres: Awaited<ReturnType<typeof freshBackends>>;
  const opened: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    postgres = await freshBackends({ applicationName: 'connection-loss-setup' });
    admin = new pg.Client({ connectionString: DATABASE_URL, application_name: 'connection-loss-admin' });
    await admin.connect();
    locker = new pg.Client({ connectionString: DATABASE_URL, application_name: 'connection-loss-locker' });
    await locker.connect();
  });
  afterEach(async () => {
    for (const backends of opened.splice(0)) await backends.close();
  });
  afterAll(async () => {
    await admin?.end();
    await locker?.end();
    await postgres?.close();
  });

  /** A runtime with its own pool (named `app` in pg_stat_activity) over the shared schema, running `sim`. */
  async function runtimeOn(app: string, sim: ReturnType<typeof LlmSim.scripted>, gate = gatedCapability()) {
    const own = await postgresBackends({ connectionString: DATABASE_URL, schema: postgres.schema, poolSize: 4, applicationName: app });
    opened.push(own);
    const { context: _context, close: _close, ...stores } = own;
    const backends: RuntimeBackends = { ...memoryBackends(), ...stores, files: new MemorySessionFileSystem() };
    const runtime = await Runtime.builder().backends(backends).driver(sim, { defaultModel: llmsimModel() }).capability(gate.capability).build();
    return { runtime, gate };
  }

  /** A session whose harness offers the gated tool, recorded with its session.started. */
  async function newSession(): Promise<SessionId> {
    const sessionId = SessionId.generate();
    const { context: _context, close: _close, ...stores } = postgres;
    await Runtime.builder()
      .backends({ ...memoryBackends(), ...stores, files: new MemorySessionFileSystem() })
      .driver(LlmSim.fixed('unused'), { defaultModel: llmsimModel() })
      .capability(gatedCapability().capability)
      .singleSession((s) => s.sessionId(sessionId).harness('gated', 'Use the gated tool.').harnessCapability('gated'))
      .build();
    return sessionId;
  }

  /** Terminates every backend of `app`, and waits until they are gone (the pool may open new ones meanwhile). */
  async function terminate(app: string): Promise<number> {
    const { rows } = await admin.query<{ pid: number }>(
      // Materialised first, so the terminate call never sees another application's backends.
      'WITH victims AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE application_name = $1) SELECT pid FROM victims WHERE pg_terminate_backend(pid)',
      [app],
    );
    const pids = rows.map((r) => r.pid);
    for (let i = 0; i < 200; i++) {
      const { rows: left } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids]);
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return pids.length;
  }

  /** What must hold whatever happened: an unbroken log of whole atoms and contiguous turns, and a valid history. */
  async function expectConsistent(sessionId: SessionId): Promise<void> {
    const events = await postgres.history.readEvents(sessionId);
    expectUnbrokenSequences(events);
    expectWholeAtoms(events);
    expectContiguousTurns(events);
  }

  /** A turn on a fresh runtime (new pool) works, and the model is sent a history where every tool call has a result. */
  async function expectNextTurnWorks(sessionId: SessionId): Promise<void> {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('gated', {}, 'call_after')]), SimTurn.assistant('recovered')]).withMessageCapture();
    const { runtime, gate } = await runtimeOn('connection-loss-after', sim);
    const pending = runtime.runTextTurn(sessionId, 'again');
    await gate.started();
    gate.open();
    const result = await pending;
    expect(result).toMatchObject({ success: true, response: 'recovered', toolCallCount: 1 });
    for (const request of sim.capturedMessages) {
      const callIds = request.flatMap((m) => m.toolCalls?.map((c) => c.id) ?? []);
      expect(request.filter((m) => m.role === 'tool').map((m) => m.toolCallId)).toEqual(callIds);
    }
    await expectConsistent(sessionId);
    const messages = await postgres.history.messages(sessionId);
    expect(messages.at(-1)?.content[0]).toEqual({ type: 'text', text: 'recovered' });
  }

  it('connections killed while a tool runs: the turn completes or fails, and the stored state stays consistent', async () => {
    const sessionId = await newSession();
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('gated', {}, 'call_killed')]), SimTurn.assistant('done')]);
    const { runtime, gate } = await runtimeOn('connection-loss-idle', sim);
    const pending = runtime.runTextTurn(sessionId, 'go').then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    await gate.started();
    // The pool's connections are idle now (the lease heartbeat aside): all of them die.
    expect(await terminate('connection-loss-idle')).toBeGreaterThan(0);
    gate.open();
    const outcome = await pending;
    if ('error' in outcome) expect(outcome.error).toBeInstanceOf(StorageUnavailableError);
    else expect(outcome.result).toMatchObject({ success: true, response: 'done' });
    await expectConsistent(sessionId);
    await expectNextTurnWorks(sessionId);
  });

  it('connections killed while an atom append is in flight: the atom is stored whole or not at all, once', async () => {
    const sessionId = await newSession();
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('gated', {}, 'call_blocked')]), SimTurn.assistant('never')]);
    const { runtime, gate } = await runtimeOn('connection-loss-busy', sim);
    const pending = runtime.runTextTurn(sessionId, 'go').then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    await gate.started();
    // Hold the session's log head, so the act atom's append waits on it in the server.
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM ${postgres.context.q}.event_heads WHERE session_id = $1 FOR UPDATE`, [sessionId]);
    try {
      gate.open();
      let waiting = false;
      for (let i = 0; i < 500 && !waiting; i++) {
        const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, ['connection-loss-busy']);
        waiting = rows.length > 0;
        if (!waiting) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(waiting, 'the append never waited on the lock').toBe(true);
      await terminate('connection-loss-busy');
    } finally {
      await locker.query('ROLLBACK');
    }
    const outcome = await pending;
    console.log(`append in flight when its connection died: the turn ${'error' in outcome ? 'failed' : 'completed after a retry'}`);
    const events = await postgres.history.readEvents(sessionId);
    const turnId = events.find((e) => e.type === 'turn.started')?.context.turnId;
    const turnEvents = events.filter((e) => e.context.turnId === turnId).map((e) => e.type);
    if ('error' in outcome) {
      // Every attempt failed: the act atom is not stored at all, and the failure is recorded so subscribers see the turn end.
      expect(outcome.error).toBeInstanceOf(StorageUnavailableError);
      expect(turnEvents).not.toContain('act.started');
      expect(turnEvents.slice(-2)).toEqual(['turn.failed', 'session.idled']);
    } else {
      // The append was retried on a fresh connection once the lock was gone: the atom is stored once, and the turn ends.
      expect(outcome.result).toMatchObject({ success: true, response: 'never', toolCallCount: 1 });
      expect(turnEvents.filter((type) => type === 'act.started')).toHaveLength(1);
      expect(turnEvents.slice(-2)).toEqual(['turn.completed', 'session.idled']);
      expectToolCallsAnswered(await postgres.history.messages(sessionId));
    }
    await expectConsistent(sessionId);
    await expectNextTurnWorks(sessionId);
  });
});
