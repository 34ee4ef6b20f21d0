import { defineCapability, defineTool, type Event, type RuntimeBackends, SessionBusyError, ToolError } from '@org/core';
import { LlmSim, SimTurn, toolCall } from '@org/driver-llmsim';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { buildFixture } from './runtime-fixture.js';

/** A capability whose tools misbehave on purpose, and one that waits. */
function trickyCapability(onSlowStart?: () => void) {
  return defineCapability({
    id: 'tricky',
    name: 'Tricky',
    tools: [
      defineTool({ name: 'strict', description: 'needs a number', parameters: z.object({ n: z.number() }), execute: ({ n }) => ({ doubled: n * 2 }) }),
      defineTool({
        name: 'explode',
        description: 'throws',
        parameters: z.object({}),
        execute: () => {
          throw new Error('secret internal detail');
        },
      }),
      defineTool({
        name: 'refuse',
        description: 'tool error',
        parameters: z.object({}),
        execute: () => {
          throw new ToolError('not today');
        },
      }),
      defineTool({
        name: 'slow',
        description: 'waits until aborted',
        parameters: z.object({}),
        timeoutMs: 50,
        execute: (_args, ctx) =>
          new Promise((_, reject) => {
            onSlowStart?.();
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          }),
      }),
      defineTool({
        name: 'wait',
        description: 'waits for the turn to be cancelled',
        parameters: z.object({}),
        timeoutMs: 60_000,
        execute: (_args, ctx) =>
          new Promise((_, reject) => {
            onSlowStart?.();
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          }),
      }),
    ],
  });
}

/** Reliability beyond the original: tool errors, cancellation, streaming, retries, serialisation, subscriptions. */
export function reliabilityScenarios(backends: () => RuntimeBackends): void {
  it('bad arguments, an unknown tool, a throwing tool and a timeout in one step: four error results, the turn completes', async () => {
    const sim = LlmSim.scripted([
      SimTurn.toolCalls([toolCall('strict', { n: 'not a number' }, 'c_args'), toolCall('nope', {}, 'c_unknown'), toolCall('explode', {}, 'c_throw'), toolCall('slow', {}, 'c_slow')]),
      SimTurn.assistant('handled'),
    ]).withMessageCapture();
    const fixture = await buildFixture(backends(), sim, (s) => s.harnessCapability('tricky'), (b) => b.capability(trickyCapability()));
    const result = await fixture.runtime.runTextTurn(fixture.sessionId, 'go');
    expect(result).toMatchObject({ success: true, response: 'handled', iterations: 2 });
    const completed = (await fixture.events()).filter((e): e is Event<'tool.completed'> => e.type === 'tool.completed');
    expect(completed.map((e) => [e.data.toolCallId, e.data.status])).toEqual([
      ['c_args', 'error'],
      ['c_unknown', 'error'],
      ['c_throw', 'error'],
      ['c_slow', 'timeout'],
    ]);
    expect(completed[0]?.data.error).toMatch(/Invalid arguments for tool strict: n:/);
    expect(completed[1]?.data.error).toBe('Tool definition not found: nope');
    expect(completed[2]?.data.error).toBe('An internal error occurred while executing the tool');
    expect(completed[3]?.data.error).toMatch(/timed out after 50 ms/);
    // The model sees all four errors on the next step, and no internal detail leaks.
    const toolMessages = (fixture.sim.capturedMessages[1] ?? []).filter((m) => m.role === 'tool');
    expect(toolMessages).toHaveLength(4);
    for (const m of toolMessages) expect(m.content).toMatch(/^Tool error: /);
    expect(JSON.stringify(toolMessages)).not.toContain('secret internal detail');
  });

  it('a ToolError message reaches the model verbatim', async () => {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('refuse', {}, 'c1')]), SimTurn.assistant('ok')]).withMessageCapture();
    const fixture = await buildFixture(backends(), sim, (s) => s.harnessCapability('tricky'), (b) => b.capability(trickyCapability()));
    await fixture.runtime.runTextTurn(fixture.sessionId, 'go');
    const tool = (fixture.sim.capturedMessages[1] ?? []).find((m) => m.role === 'tool');
    expect(tool?.content).toBe('Tool error: not today');
  });

  it('cancelling a turn mid-act ends it with turn.cancelled, gives the pending call a result, and the next turn works', async () => {
    const controller = new AbortController();
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('wait', {}, 'c_wait')]), SimTurn.assistant('after'), SimTurn.assistant('next turn')]).withMessageCapture();
    const fixture = await buildFixture(backends(), sim, (s) => s.harnessCapability('tricky'), (b) => b.capability(trickyCapability(() => controller.abort('user pressed stop'))));
    const result = await fixture.runtime.runTextTurn(fixture.sessionId, 'go', { signal: controller.signal });
    expect(result).toMatchObject({ success: false, stopReason: 'cancelled', error: 'user pressed stop' });
    const types = await fixture.eventTypes();
    expect(types.slice(-2)).toEqual(['turn.cancelled', 'session.idled']);
    const messages = await fixture.runtime.messages(fixture.sessionId);
    const toolResult = messages.find((m) => m.role === 'tool_result');
    expect(toolResult?.content[0]).toMatchObject({ type: 'tool_result', toolCallId: 'c_wait', error: expect.stringMatching(/cancelled/) });
    const next = await fixture.runtime.runTextTurn(fixture.sessionId, 'again');
    expect(next.success).toBe(true);
    // The next request has a result for every tool call (the history stays valid).
    const sent = fixture.sim.capturedMessages.at(-1) ?? [];
    const callIds = sent.flatMap((m) => m.toolCalls?.map((c) => c.id) ?? []);
    const resultIds = sent.filter((m) => m.role === 'tool').map((m) => m.toolCallId);
    expect(resultIds).toEqual(callIds);
  });

  it('cancelling during the LLM call ends the turn without an assistant message', async () => {
    const controller = new AbortController();
    const { runtime, sessionId } = await buildFixture(backends(), LlmSim.scripted([SimTurn.stall(), SimTurn.assistant('fine')]));
    const pending = runtime.runTextTurn(sessionId, 'hang', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    expect(result.stopReason).toBe('cancelled');
    expect((await runtime.messages(sessionId)).map((m) => m.role)).toEqual(['user']);
    expect((await runtime.runTextTurn(sessionId, 'again')).response).toBe('fine');
  });

  it('streamTurn yields deltas live; their accumulated text equals the final answer', async () => {
    const { runtime, sessionId } = await buildFixture(backends(), LlmSim.fixed('The quick brown fox jumps over the lazy dog').withLatency(2), undefined, (b) =>
      b.options({ deltaIntervalMs: 0 }),
    );
    const stream = runtime.streamTurn(sessionId, 'tell me');
    const deltas: Event<'output.message.delta'>[] = [];
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'output.message.delta') deltas.push(event);
    }
    const result = await stream.result;
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.data.delta).join('')).toBe(result.response);
    expect(deltas.at(-1)?.data.accumulated).toBe(result.response);
    expect(deltas.every((d) => d.ephemeral === true)).toBe(true);
    expect(types.indexOf('output.message.delta')).toBeGreaterThan(types.indexOf('output.message.started'));
    expect(types.at(-1)).toBe('session.idled');
    // Deltas are live only: the durable log has none.
    expect((await runtime.events(sessionId)).some((e) => e.type === 'output.message.delta')).toBe(false);
  });

  it('retries a transient provider failure and records the attempts', async () => {
    const sim = LlmSim.fixed('recovered').failOnCall(1, 'rate_limit');
    const { runtime, sessionId, events, sim: driver } = await buildFixture(backends(), sim);
    const result = await runtime.runTextTurn(sessionId, 'x');
    expect(result).toMatchObject({ success: true, response: 'recovered' });
    expect(driver.callCount).toBe(2);
    const generation = (await events()).find((e): e is Event<'llm.generation'> => e.type === 'llm.generation');
    expect(generation?.data.metadata.retry).toMatchObject({ attempts: 2 });
  });

  it('does not retry a permanent provider failure', async () => {
    const sim = LlmSim.fixed('never').failOnCall(1, 'authentication');
    const { runtime, sessionId, sim: driver } = await buildFixture(backends(), sim);
    const result = await runtime.runTextTurn(sessionId, 'x');
    expect(result.success).toBe(false);
    expect(driver.callCount).toBe(1);
  });

  it('two turns on one session never interleave (queued), or fail fast with ifBusy: error', async () => {
    const { runtime, sessionId, events } = await buildFixture(backends(), LlmSim.echo().withResponseDelay(20));
    const [a, b] = await Promise.all([runtime.runTextTurn(sessionId, 'first'), runtime.runTextTurn(sessionId, 'second')]);
    const all = await events();
    const turnOf = (e: Event) => e.context.turnId;
    const order = all.filter((e) => turnOf(e)).map(turnOf);
    const firstEnd = order.lastIndexOf(a.turnId);
    const secondStart = order.indexOf(b.turnId);
    expect(firstEnd).toBeLessThan(secondStart);
    expect(b.response).toBe('Echo: second');
    const running = runtime.runTextTurn(sessionId, 'third');
    await expect(runtime.runTextTurn(sessionId, 'fourth', { ifBusy: 'error' })).rejects.toBeInstanceOf(SessionBusyError);
    await running;
  });

  it('subscribe replays the history from a cursor, then follows live, each durable event once', async () => {
    const { runtime, sessionId } = await buildFixture(backends(), LlmSim.echo());
    await runtime.runTextTurn(sessionId, 'before');
    const controller = new AbortController();
    const seen: Event[] = [];
    let idled = 0;
    const consumer = (async () => {
      for await (const event of runtime.subscribe(sessionId, { after: 2, signal: controller.signal })) {
        seen.push(event);
        // The first turn's end is replayed from the history; the second one arrives live.
        if (event.type === 'session.idled' && ++idled === 2) controller.abort();
      }
    })();
    await runtime.runTextTurn(sessionId, 'after');
    await consumer;
    const durable = seen.filter((e) => !e.ephemeral);
    const stored = await runtime.events(sessionId, { after: 2 });
    expect(durable.map((e) => e.sequence)).toEqual(stored.map((e) => e.sequence));
  });
}
