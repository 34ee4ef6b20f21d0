import { Runtime, SessionId } from '@org/core';
import { LlmSim, llmsimModel } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { describeWithService } from '@org/testkit';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DATABASE_URL, freshBackends, postgresService } from '../src/test-support/database.js';
import { killRunningChildren, runChild } from './support/child-process.js';
import { expectContiguousTurns, expectToolCallsAnswered, expectUnbrokenSequences, expectWholeAtoms } from './support/log-checks.js';

const TURNS_PER_PROCESS = 5;
/** Durable events of one single-tool turn (SPEC 3.3). */
const EVENTS_PER_TURN = 19;

describeWithService(postgresService, 'two runtime processes on one PostgreSQL session', () => {
  let postgres: Awaited<ReturnType<typeof freshBackends>>;
  beforeAll(async () => {
    postgres = await freshBackends({ applicationName: 'multi-process-parent' });
  });
  afterEach(killRunningChildren);
  afterAll(async () => {
    await postgres?.close();
  });

  it('concurrent turns from two processes: unbroken sequences, contiguous turns, whole atoms, a valid history', async () => {
    // The parent stores the harness and the session (with its session.started) once; the children only run turns.
    const sessionId = SessionId.generate();
    const { context: _context, close: _close, ...stores } = postgres;
    const setup = await Runtime.builder()
      .backends({ ...memoryBackends(), ...stores, files: new MemorySessionFileSystem() })
      .driver(LlmSim.fixed('unused'), { defaultModel: llmsimModel() })
      .singleSession((s) => s.sessionId(sessionId).harness('math', 'You are a math assistant.').harnessCapability('test_math'))
      .build();
    expect(await setup.events(sessionId)).toHaveLength(1);

    const children = ['a', 'b'].map((label) =>
      runChild('test/support/runtime-turns-child.ts', [DATABASE_URL, postgres.schema, sessionId, String(TURNS_PER_PROCESS), label]),
    );
    await Promise.all(children.map((child) => child.waitForLine('ready')));
    for (const child of children) child.send('go');
    const reports = await Promise.all(
      children.map(async (child) => {
        const { code, stderr } = await child.exited(40_000);
        expect(code, stderr).toBe(0);
        return JSON.parse(child.lines.at(-1) ?? '{}') as { label: string; turnIds: string[] };
      }),
    );

    const events = await postgres.history.readEvents(sessionId);
    expect(events).toHaveLength(1 + 2 * TURNS_PER_PROCESS * EVENTS_PER_TURN);
    expectUnbrokenSequences(events);
    const turnOrder = expectContiguousTurns(events);
    expectWholeAtoms(events);
    // Every turn each child reported is in the log, and nothing else.
    expect([...turnOrder].sort()).toEqual(reports.flatMap((r) => r.turnIds).sort());
    expect(events.filter((e) => e.type === 'turn.completed')).toHaveLength(2 * TURNS_PER_PROCESS);

    // The processes really ran at the same time: their turns alternate in the log at least once.
    const labels = events.filter((e) => e.type === 'input.message').map((e) => JSON.stringify(e.data).match(/"([ab]) turn \d+"/)?.[1]);
    console.log(`turn order by process: ${labels.join('')}`);
    expect(labels.filter((label, i) => i > 0 && label !== labels[i - 1]).length).toBeGreaterThan(1);

    const messages = await postgres.history.messages(sessionId);
    expect(messages).toHaveLength(2 * TURNS_PER_PROCESS * 4);
    expectToolCallsAnswered(messages);
  }, 60_000);
});
