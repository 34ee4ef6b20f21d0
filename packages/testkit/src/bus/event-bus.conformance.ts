import { type Event, type EventBus, SessionId } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { deltaEvent, progressEvent, progressEvents } from '../stores/event-factory.js';
import { useTarget } from '../stores/use-target.js';
import { endsWithoutEvents, takeEvents } from './read-subscription.js';

const sequences = (events: readonly Event[]) => events.map((event) => event.sequence);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** Events a slow subscriber must get back in full after not reading while they were published. */
const SLOW_SUBSCRIBER_EVENTS = 5000;

/**
 * The `EventBus` contract: replay from a cursor then live, exactly once and in
 * order, duplicates dropped, ephemeral events live-only, a slow subscriber
 * neither blocking `publish` nor losing events, and subscriptions ended by
 * `close()` on the subscription, an aborted signal or `close()` on the bus.
 * The suite's last test closes the bus, so `destroy` must accept a closed bus.
 */
export function describeEventBusConformance(target: ConformanceTarget<EventBus>): void {
  describe(`EventBus conformance: ${target.name}`, () => {
    const bus = useTarget(target);

    it('replays retained durable events after the cursor, then follows live', async () => {
      const sessionId = SessionId.generate();
      await bus().publish(progressEvents(sessionId, 1, 5));
      const subscription = bus().subscribe(sessionId, { after: 2 });
      await bus().publish(progressEvents(sessionId, 6, 2));
      expect(sequences(await takeEvents(subscription, 5))).toEqual([3, 4, 5, 6, 7]);
      subscription.close();
    });

    it('without a cursor delivers only events published after subscribing', async () => {
      const sessionId = SessionId.generate();
      await bus().publish(progressEvents(sessionId, 1, 3));
      const subscription = bus().subscribe(sessionId);
      await bus().publish(progressEvents(sessionId, 4, 1));
      expect(sequences(await takeEvents(subscription, 1))).toEqual([4]);
      subscription.close();
    });

    it('delivers each session its own events exactly once and in order under interleaved publishes', async () => {
      const a = SessionId.generate();
      const b = SessionId.generate();
      const subA = bus().subscribe(a, { after: 0 });
      const subB = bus().subscribe(b, { after: 0 });
      const publishAll = async (sessionId: SessionId) => {
        for (let sequence = 1; sequence <= 40; sequence += 1) await bus().publish([progressEvent(sessionId, sequence)]);
      };
      await Promise.all([publishAll(a), publishAll(b)]);
      const [fromA, fromB] = await Promise.all([takeEvents(subA, 40), takeEvents(subB, 40)]);
      expect(sequences(fromA)).toEqual(range(1, 40));
      expect(fromA.every((event) => event.sessionId === a)).toBe(true);
      expect(sequences(fromB)).toEqual(range(1, 40));
      expect(fromB.every((event) => event.sessionId === b)).toBe(true);
      subA.close();
      subB.close();
    });

    it('joins mid-stream from a cursor without gaps or repeats while publishing goes on', async () => {
      const sessionId = SessionId.generate();
      await bus().publish(progressEvents(sessionId, 1, 10));
      const publishing = (async () => {
        for (let sequence = 11; sequence <= 30; sequence += 1) await bus().publish([progressEvent(sessionId, sequence)]);
      })();
      const subscription = bus().subscribe(sessionId, { after: 5 });
      await publishing;
      expect(sequences(await takeEvents(subscription, 25))).toEqual(range(6, 30));
      subscription.close();
    });

    it('drops a durable event whose sequence was already delivered', async () => {
      const sessionId = SessionId.generate();
      const subscription = bus().subscribe(sessionId, { after: 0 });
      const [one, two] = progressEvents(sessionId, 1, 2) as [Event, Event];
      await bus().publish([one, two]);
      await bus().publish([two]);
      await bus().publish([one]);
      await bus().publish([progressEvent(sessionId, 3)]);
      const live = await takeEvents(subscription, 3);
      expect(sequences(live)).toEqual([1, 2, 3]);
      expect(live[1]?.id).toBe(two.id);
      subscription.close();
      const replay = bus().subscribe(sessionId, { after: 0 });
      expect(sequences(await takeEvents(replay, 3))).toEqual([1, 2, 3]);
      await bus().publish([progressEvent(sessionId, 4)]);
      expect(sequences(await takeEvents(replay, 1))).toEqual([4]);
      replay.close();
    });

    it('delivers ephemeral events live, in publish order, and never replays them', async () => {
      const sessionId = SessionId.generate();
      const subscription = bus().subscribe(sessionId, { after: 0 });
      await bus().publish([progressEvent(sessionId, 1)]);
      expect(sequences(await takeEvents(subscription, 1))).toEqual([1]);
      await bus().publish([deltaEvent(sessionId, 1, 'H'), deltaEvent(sessionId, 1, 'Hi'), progressEvent(sessionId, 2)]);
      const live = await takeEvents(subscription, 3);
      expect(live.map((event) => event.type)).toEqual(['output.message.delta', 'output.message.delta', 'tool.progress']);
      expect(live[1]?.type === 'output.message.delta' && live[1].data.accumulated).toBe('Hi');
      subscription.close();
      const replay = bus().subscribe(sessionId, { after: 0 });
      await bus().publish([progressEvent(sessionId, 3)]);
      expect((await takeEvents(replay, 3)).map((event) => `${event.type}#${event.sequence}`)).toEqual([
        'tool.progress#1',
        'tool.progress#2',
        'tool.progress#3',
      ]);
      replay.close();
    });

    it(`never blocks publish on a subscriber that does not read, which then gets all ${SLOW_SUBSCRIBER_EVENTS} events`, async () => {
      const sessionId = SessionId.generate();
      const slow = bus().subscribe(sessionId, { after: 0 });
      const batch = 250;
      for (let from = 1; from <= SLOW_SUBSCRIBER_EVENTS; from += batch) await bus().publish(progressEvents(sessionId, from, batch));
      expect(sequences(await takeEvents(slow, SLOW_SUBSCRIBER_EVENTS))).toEqual(range(1, SLOW_SUBSCRIBER_EVENTS));
      slow.close();
    });

    it('fans every event out to many subscribers', async () => {
      const sessionId = SessionId.generate();
      const subscriptions = Array.from({ length: 8 }, () => bus().subscribe(sessionId, { after: 0 }));
      await bus().publish(progressEvents(sessionId, 1, 20));
      const received = await Promise.all(subscriptions.map((subscription) => takeEvents(subscription, 20)));
      for (const events of received) expect(sequences(events)).toEqual(range(1, 20));
      for (const subscription of subscriptions) subscription.close();
    });

    it('ends a subscription on close(), including a read already waiting', async () => {
      const sessionId = SessionId.generate();
      const subscription = bus().subscribe(sessionId, { after: 0 });
      const waiting = endsWithoutEvents(subscription);
      subscription.close();
      expect(await waiting).toBe(true);
    });

    it('ends only the subscription whose signal aborts', async () => {
      const sessionId = SessionId.generate();
      const controller = new AbortController();
      const aborted = bus().subscribe(sessionId, { after: 0, signal: controller.signal });
      const other = bus().subscribe(sessionId, { after: 0 });
      const waiting = endsWithoutEvents(aborted);
      controller.abort();
      expect(await waiting).toBe(true);
      await bus().publish([progressEvent(sessionId, 1)]);
      expect(sequences(await takeEvents(other, 1))).toEqual([1]);
      expect(await endsWithoutEvents(aborted)).toBe(true);
      other.close();
    });

    it('ends every subscription when the bus closes (runs last: it closes the bus)', async () => {
      const first = bus().subscribe(SessionId.generate(), { after: 0 });
      const second = bus().subscribe(SessionId.generate());
      const waiting = Promise.all([endsWithoutEvents(first), endsWithoutEvents(second)]);
      await bus().close();
      expect(await waiting).toEqual([true, true]);
    });
  });
}
