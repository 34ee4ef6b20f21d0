import { SessionId } from '@org/core';
import { deltaEvent, endsWithoutEvents, progressEvent, progressEvents, takeEvents } from '@org/testkit';
import { describe, expect, it } from 'vitest';
import { MemoryEventBus } from './memory-event-bus.js';
import type { MemoryEventSubscription } from './memory-event-subscription.js';

describe('MemoryEventBus (memory-specific)', () => {
  it('drops ephemeral events beyond the per-subscriber bound but keeps every durable one', async () => {
    const bus = new MemoryEventBus({ maxQueuedEphemeral: 3 });
    const sessionId = SessionId.generate();
    const subscription = bus.subscribe(sessionId, { after: 0 }) as MemoryEventSubscription;
    const deltas = ['a', 'ab', 'abc', 'abcd', 'abcde'].map((text) => deltaEvent(sessionId, 0, text));
    await bus.publish([...deltas, progressEvent(sessionId, 1)]);
    const received = await takeEvents(subscription, 4);
    expect(received.map((event) => (event.type === 'output.message.delta' ? event.data.accumulated : event.sequence))).toEqual(['a', 'ab', 'abc', 1]);
    expect(subscription.droppedEphemeralCount).toBe(2);
    // Reading freed the queue: new ephemeral events fit again.
    await bus.publish([deltaEvent(sessionId, 1, 'x')]);
    expect((await takeEvents(subscription, 1))[0]?.type).toBe('output.message.delta');
    await bus.close();
  });

  it('keeps only the newest retainPerSession durable events for replay', async () => {
    const bus = new MemoryEventBus({ retainPerSession: 3 });
    const sessionId = SessionId.generate();
    await bus.publish(progressEvents(sessionId, 1, 5));
    expect(bus.retainedEvents(sessionId).map((event) => event.sequence)).toEqual([3, 4, 5]);
    const replay = bus.subscribe(sessionId, { after: 0 });
    expect((await takeEvents(replay, 3)).map((event) => event.sequence)).toEqual([3, 4, 5]);
    await bus.close();
  });

  it('publishes nothing from a batch with an invalid event', async () => {
    const bus = new MemoryEventBus();
    const sessionId = SessionId.generate();
    const bad = { ...progressEvent(sessionId, 2), id: 'event_bad' };
    await expect(bus.publish([progressEvent(sessionId, 1), bad as never])).rejects.toMatchObject({ code: 'validation' });
    expect(bus.retainedEvents(sessionId)).toEqual([]);
    await bus.close();
  });

  it('freezes published events, so neither the publisher nor a subscriber can change what others get', async () => {
    const bus = new MemoryEventBus();
    const sessionId = SessionId.generate();
    const first = bus.subscribe(sessionId, { after: 0 });
    const second = bus.subscribe(sessionId, { after: 0 });
    const published = progressEvent(sessionId, 1, 'original');
    await bus.publish([published]);
    expect(() => {
      published.data.message = 'changed by the publisher';
    }).toThrow(TypeError);
    const [fromFirst] = await takeEvents(first, 1);
    expect(() => {
      if (fromFirst?.type === 'tool.progress') fromFirst.data.message = 'changed by a subscriber';
    }).toThrow(TypeError);
    const [fromSecond] = await takeEvents(second, 1);
    expect(fromSecond?.type === 'tool.progress' && fromSecond.data.message).toBe('original');
    expect(bus.retainedEvents(sessionId)[0]).toMatchObject({ data: { message: 'original' } });
    await bus.close();
  });

  it('refuses publish after close and ends later subscriptions at once', async () => {
    const bus = new MemoryEventBus();
    await bus.close();
    await bus.close();
    const sessionId = SessionId.generate();
    await expect(bus.publish([progressEvent(sessionId, 1)])).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(await endsWithoutEvents(bus.subscribe(sessionId, { after: 0 }))).toBe(true);
  });

  it('ends a subscription at once when its signal is already aborted', async () => {
    const bus = new MemoryEventBus();
    const subscription = bus.subscribe(SessionId.generate(), { after: 0, signal: AbortSignal.abort() });
    expect(await endsWithoutEvents(subscription)).toBe(true);
    await bus.close();
  });

  it('ends a for-await loop that breaks, and stops queueing for it', async () => {
    const bus = new MemoryEventBus();
    const sessionId = SessionId.generate();
    const subscription = bus.subscribe(sessionId, { after: 0 }) as MemoryEventSubscription;
    await bus.publish(progressEvents(sessionId, 1, 3));
    for await (const event of subscription) {
      expect(event.sequence).toBe(1);
      break;
    }
    expect(subscription.closed).toBe(true);
    await bus.close();
  });

  it('rejects a negative cursor with a ValidationError', () => {
    const bus = new MemoryEventBus();
    expect(() => bus.subscribe(SessionId.generate(), { after: -1 })).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});
