import { type Event, EventId, isSealedBatch, Runtime, type SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { memoryBackends } from './memory-backends.js';

/** Every object inside `value` is frozen. */
function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

async function mathRuntime() {
  const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('The sum is 5.')], { onExhausted: 'loop' });
  const backends = memoryBackends();
  // Every batch the runtime appends, as it was handed over.
  const appended: (readonly Event[])[] = [];
  const append = backends.history.append.bind(backends.history);
  backends.history.append = (sessionId, events, options) => {
    appended.push(events);
    return append(sessionId, events, options);
  };
  const runtime = await Runtime.builder()
    .backends(backends)
    .driver(sim, { defaultModel: llmsimModel() })
    .singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math'))
    .build();
  return { runtime, sessionId: runtime.defaultSessionId as SessionId, appended };
}

/** V8's own test: whether two objects have the same hidden class (map). */
function sameHiddenClass(): (a: unknown, b: unknown) => boolean {
  setFlagsFromString('--allow-natives-syntax');
  return new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;
}

describe('objects the runtime keeps per turn share their hidden classes', () => {
  it('event contexts of later turns (after the JIT optimised the turn loop) have one map, not one each', async () => {
    // Node 20's V8 gives each object made by an optimised `{ ...spread, newProperty }` a map of its own: kept with
    // every event, those maps cost memory and make every reader of a context megamorphic.
    const same = sameHiddenClass();
    const { runtime, sessionId } = await mathRuntime();
    for (let i = 0; i < 300; i++) await runtime.runTextTurn(sessionId, `What is 2 + 3? (#${i})`);
    const events = await runtime.events(sessionId);
    const contexts = events.filter((event) => event.type === 'reason.started').map((event) => event.context);
    expect(contexts.length).toBe(600);
    const last = contexts.slice(-4);
    for (const context of last) expect(same(context, last[0])).toBe(true);
    expect(same(contexts[0], last[0])).toBe(true);
  });
});

describe("the runtime's own events in the memory backends (kept as they are, frozen when handed out)", () => {
  it('hands out stored events and messages deeply frozen, so nobody can change the history through them', async () => {
    const { runtime, sessionId, appended } = await mathRuntime();
    await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    const events = await runtime.events(sessionId);
    expect(events.length).toBeGreaterThan(10);
    // The runtime's batches arrive sealed (and frozen, so nothing can be slipped in): the store kept their events as they are.
    expect(appended.length).toBeGreaterThan(1);
    expect(appended.every((batch) => isSealedBatch(batch) && Object.isFrozen(batch))).toBe(true);
    expect(events.every((event) => appended.some((batch) => batch.includes(event)))).toBe(true);
    // A copy is not sealed: it gets the full boundary check.
    expect(isSealedBatch([...(appended[0] ?? [])])).toBe(false);
    expect(events.every(deeplyFrozen)).toBe(true);
    const messages = await runtime.messages(sessionId);
    expect(messages.map((m) => m.role)).toEqual(['user', 'agent', 'tool_result', 'agent']);
    expect(messages.every(deeplyFrozen)).toBe(true);
    const first = messages[0];
    if (!first) throw new Error('no message');
    expect(() => {
      (first.content as unknown[]).push({ type: 'text', text: 'changed' });
    }).toThrow(TypeError);
  });

  it('delivers deeply frozen events to bus subscribers and to streamTurn consumers', async () => {
    const { runtime, sessionId } = await mathRuntime();
    const controller = new AbortController();
    const delivered: Event[] = [];
    const following = (async () => {
      for await (const event of runtime.subscribe(sessionId, { signal: controller.signal })) {
        delivered.push(event);
        if (event.type === 'session.idled') break;
      }
    })();
    const streamed: Event[] = [];
    const turn = runtime.streamTurn(sessionId, 'What is 2 + 3?');
    for await (const event of turn) streamed.push(event);
    expect((await turn.result).success).toBe(true);
    await following;
    controller.abort();
    expect(streamed.some((e) => e.type === 'output.message.delta')).toBe(true);
    expect(streamed.every(deeplyFrozen)).toBe(true);
    expect(delivered.some((e) => e.type === 'tool.completed')).toBe(true);
    expect(delivered.every(deeplyFrozen)).toBe(true);
  });
});

describe('event ids and timestamps', () => {
  it('carry the same millisecond: the UUID v7 time inside each id is its ts', async () => {
    const { runtime, sessionId } = await mathRuntime();
    await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    const events = await runtime.events(sessionId);
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const idMs = Number.parseInt(EventId.uuid(event.id).replaceAll('-', '').slice(0, 12), 16);
      expect(new Date(idMs).toISOString(), event.type).toBe(event.ts);
    }
  });
});

describe('publishing to the bus', () => {
  it('does not hold the turn: a bus whose publishes never settle still sees every event, in call order', async () => {
    const backends = memoryBackends();
    const published: Event[] = [];
    const stalledBus = {
      ...backends.bus,
      publish: (events: readonly Event[]) => {
        published.push(...events);
        return new Promise<void>(() => {});
      },
      subscribe: backends.bus.subscribe.bind(backends.bus),
      close: backends.bus.close.bind(backends.bus),
    };
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('The sum is 5.')], { onExhausted: 'loop' });
    const runtime = await Runtime.builder()
      .backends({ ...backends, bus: stalledBus })
      .driver(sim, { defaultModel: llmsimModel() })
      .singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math'))
      .build();
    const sessionId = runtime.defaultSessionId as SessionId;
    const result = await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    expect(result.success).toBe(true);
    const durable = published.filter((e) => !e.ephemeral).map((e) => e.sequence);
    expect(durable).toEqual((await runtime.events(sessionId)).map((e) => e.sequence));
  });
});
