import { defineCapability, defineTool, type Event, type HistoryStore, INTERRUPTED_TOOL_ERROR, MessageId, type RuntimeBackends, StorageUnavailableError } from '@org/core';
import { LlmSim, SimTurn, toolCall } from '@org/driver-llmsim';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { buildFixture } from './runtime-fixture.js';

/** A history store that "crashes the process": once tripped, every append fails and nothing more is written. */
function crashableHistory(inner: HistoryStore) {
  const state = { crashed: false, appendsLeft: Number.POSITIVE_INFINITY };
  const history: HistoryStore = {
    append: async (sessionId, events, options) => {
      if (state.crashed || state.appendsLeft <= 0) {
        state.crashed = true;
        throw new StorageUnavailableError('simulated crash: the process died');
      }
      state.appendsLeft--;
      return inner.append(sessionId, events, options);
    },
    readEvents: (sessionId, options) => inner.readEvents(sessionId, options),
    lastSequence: (sessionId) => inner.lastSequence(sessionId),
    messages: (sessionId, filter) => inner.messages(sessionId, filter),
    message: (sessionId, id) => inner.message(sessionId, id),
  };
  return { history, state };
}

/** A tool that counts its executions; `crash` trips the history while the tool runs. */
function countingCapability(counter: { runs: number }, options: { idempotent?: boolean; onRun?: () => void } = {}) {
  return defineCapability({
    id: 'counting',
    name: 'Counting',
    tools: [
      defineTool({
        name: 'charge_card',
        description: 'an effectful tool',
        parameters: z.object({ amount: z.number() }),
        hints: options.idempotent ? { idempotent: true } : {},
        execute: ({ amount }) => {
          counter.runs++;
          options.onRun?.();
          return { charged: amount };
        },
      }),
    ],
  });
}

const script = () => LlmSim.scripted([SimTurn.toolCalls([toolCall('charge_card', { amount: 5 }, 'c_charge')]), SimTurn.assistant('charged')]);

/** Durable progress: a turn interrupted between atoms resumes from the last completed one; retries are idempotent. */
export function resumeScenarios(backends: () => RuntimeBackends): void {
  it('a turn interrupted after its reason step resumes on a new runtime; the tool runs once', async () => {
    const counter = { runs: 0 };
    const crash = crashableHistory(backends().history);
    const first = await buildFixture({ ...backends(), history: crash.history }, script(), (s) => s.harnessCapability('counting'), (b) => b.capability(countingCapability(counter)));
    crash.state.appendsLeft = 2; // the input atom and the reason atom are committed, then the process "dies"
    await expect(first.runtime.runTextTurn(first.sessionId, 'charge me')).rejects.toThrow(/simulated crash/);
    // The act step's events never reached the store (one append per atom).
    expect((await first.events()).map((e) => e.type)).not.toContain('act.started');

    const sim = LlmSim.scripted([SimTurn.assistant('charged')]);
    const second = await buildFixture(backends(), sim, undefined, (b) => b.capability(countingCapability(counter)));
    const result = await second.runtime.resumeTurn(first.sessionId);
    expect(result).toMatchObject({ success: true, response: 'charged', iterations: 2, toolCallCount: 1 });
    expect(counter.runs).toBe(2); // atom durability: the uncommitted act step ran again
    const events = await second.runtime.events(first.sessionId);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'turn.started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'turn.completed')).toHaveLength(1);
    expect(await second.runtime.resumeTurn(first.sessionId)).toBeUndefined();
  });

  it('with tool durability a completed tool is never re-run, and an interrupted non-idempotent one gets an error result', async () => {
    const counter = { runs: 0 };
    const crash = crashableHistory(backends().history);
    const first = await buildFixture(
      { ...backends(), history: crash.history },
      script(),
      (s) => s.harnessCapability('counting'),
      (b) => b.options({ durability: 'tool' }).capability(countingCapability(counter, { onRun: () => (crash.state.crashed = true) })),
    );
    await expect(first.runtime.runTextTurn(first.sessionId, 'charge me')).rejects.toThrow(/simulated crash/);
    expect(counter.runs).toBe(1);
    const recorded = (await first.events()).map((e) => e.type);
    expect(recorded).toContain('tool.started');
    expect(recorded).not.toContain('tool.completed');

    const second = await buildFixture(backends(), LlmSim.scripted([SimTurn.assistant('could not confirm')]), undefined, (b) =>
      b.options({ durability: 'tool' }).capability(countingCapability(counter)),
    );
    const result = await second.runtime.resumeTurn(first.sessionId);
    expect(result?.success).toBe(true);
    expect(counter.runs).toBe(1);
    const completed = (await second.runtime.events(first.sessionId)).find((e): e is Event<'tool.completed'> => e.type === 'tool.completed');
    expect(completed?.data).toMatchObject({ toolCallId: 'c_charge', success: false, error: INTERRUPTED_TOOL_ERROR });
  });

  it('an interrupted idempotent tool is run again on resume', async () => {
    const counter = { runs: 0 };
    const crash = crashableHistory(backends().history);
    const first = await buildFixture(
      { ...backends(), history: crash.history },
      script(),
      (s) => s.harnessCapability('counting'),
      (b) => b.options({ durability: 'tool' }).capability(countingCapability(counter, { idempotent: true, onRun: () => (crash.state.crashed = true) })),
    );
    await expect(first.runtime.runTextTurn(first.sessionId, 'charge me')).rejects.toThrow(/simulated crash/);
    const second = await buildFixture(backends(), LlmSim.scripted([SimTurn.assistant('charged')]), undefined, (b) =>
      b.options({ durability: 'tool' }).capability(countingCapability(counter, { idempotent: true })),
    );
    const result = await second.runtime.resumeTurn(first.sessionId);
    expect(result?.response).toBe('charged');
    expect(counter.runs).toBe(2);
    const completed = (await second.runtime.events(first.sessionId)).filter((e): e is Event<'tool.completed'> => e.type === 'tool.completed');
    expect(completed.map((e) => e.data.status)).toEqual(['success']);
  });

  it('runTurn with an inputMessageId is idempotent: a retry returns the finished turn and records nothing new', async () => {
    const { runtime, sessionId, events } = await buildFixture(backends(), LlmSim.sequence(['first answer', 'second answer']));
    const inputMessageId = MessageId.generate();
    const a = await runtime.runTextTurn(sessionId, 'hello', { inputMessageId });
    const count = (await events()).length;
    const b = await runtime.runTextTurn(sessionId, 'hello', { inputMessageId });
    expect(b).toMatchObject({ turnId: a.turnId, response: 'first answer', success: true, iterations: a.iterations });
    expect(await events()).toHaveLength(count);
    const messages = await runtime.messages(sessionId);
    expect(messages.find((m) => m.role === 'user')?.id).toBe(inputMessageId);
  });
}
