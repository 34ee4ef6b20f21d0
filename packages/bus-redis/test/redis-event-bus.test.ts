import { type Event, SessionId, StorageUnavailableError, ValidationError } from '@org/core';
import { describeWithService } from '@org/testkit';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { RedisEventBus, type RedisEventBusOptions, type StreamGap } from '../src/index.js';
import { adminClient, deleteKeys, nothingMoreWithin, REDIS_URL, redisStatus, take, uniquePrefix } from './support/redis.js';
import { deltaEvent, progressEvent, turnEvents } from './support/turn-events.js';

const status = await redisStatus();
const prefix = uniquePrefix('bus');
const admin = adminClient();
const buses: RedisEventBus[] = [];

function newBus(options: RedisEventBusOptions = {}): RedisEventBus {
  const connectionName = `bus-test-${buses.length}-${Math.random().toString(36).slice(2, 8)}`;
  const bus = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName, ...options });
  buses.push(bus);
  return bus;
}

const sequences = (events: readonly Event[]) => events.map((event) => event.sequence);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describeWithService(status, 'RedisEventBus', () => {
  let bus: RedisEventBus;
  beforeAll(() => {
    bus = newBus();
  });
  afterEach(async () => {
    // Buses made inside one test are closed by it or here; the shared one stays.
    for (const extra of buses.splice(1)) await extra.close();
  });
  afterAll(async () => {
    for (const open of buses) await open.close();
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it('replays from a cursor, then follows live, exactly once and in order', async () => {
    const session = SessionId.generate();
    await bus.publish(range(1, 5).map((n) => progressEvent(session, n)));
    const subscription = bus.subscribe(session, { after: 2 });
    expect(sequences(await take(subscription, 3))).toEqual([3, 4, 5]);
    await bus.publish([progressEvent(session, 6), progressEvent(session, 7)]);
    expect(sequences(await take(subscription, 2))).toEqual([6, 7]);
    subscription.close();
  });

  it('delivers the same events to a subscriber on another bus (another connection set)', async () => {
    const session = SessionId.generate();
    const other = newBus();
    const subscription = other.subscribe(session, { after: 0 });
    // Live-only events (deltas) reach only subscribers already listening: publish once the subscription is ready.
    await subscription.ready;
    const events = turnEvents(session);
    for (const event of events) await bus.publish([event]);
    const received = await take(subscription, events.length);
    expect(received.filter((e) => !e.ephemeral).map((e) => e.id)).toEqual(events.filter((e) => !e.ephemeral).map((e) => e.id));
    expect(received.find((e) => e.type === 'output.message.completed')).toEqual(events.find((e) => e.type === 'output.message.completed'));
  });

  it('starts a subscription without a cursor after the newest event', async () => {
    const session = SessionId.generate();
    await bus.publish([progressEvent(session, 1), progressEvent(session, 2)]);
    const subscription = bus.subscribe(session);
    await subscription.ready;
    await bus.publish([progressEvent(session, 3)]);
    expect(sequences(await take(subscription, 1))).toEqual([3]);
    subscription.close();
  });

  it('never delivers a duplicated or older sequence twice, and stores it once', async () => {
    const session = SessionId.generate();
    const subscription = bus.subscribe(session, { after: 0 });
    const batch = [progressEvent(session, 1), progressEvent(session, 2), progressEvent(session, 3)];
    await bus.publish(batch);
    await bus.publish(batch); // a retried write
    await bus.publish([progressEvent(session, 2, 'late copy'), progressEvent(session, 4)]);
    const received = await take(subscription, 4);
    expect(sequences(received)).toEqual([1, 2, 3, 4]);
    expect(received[1]?.id).toBe(batch[1]?.id);
    expect(await nothingMoreWithin(subscription, 150)).toBeUndefined();
    expect(await admin.xlen(bus.streamKey(session))).toBe(4);
  });

  it('delivers ephemeral events live after the event they follow, and never replays them', async () => {
    const session = SessionId.generate();
    const live = bus.subscribe(session);
    await live.ready;
    await bus.publish([progressEvent(session, 1)]);
    await bus.publish([deltaEvent(session, 1, 'H'), deltaEvent(session, 1, 'He')]);
    await bus.publish([progressEvent(session, 2)]);
    const received = await take(live, 4);
    expect(received.map((e) => [e.type, e.sequence])).toEqual([
      ['tool.progress', 1],
      ['output.message.delta', 1],
      ['output.message.delta', 1],
      ['tool.progress', 2],
    ]);
    const late = bus.subscribe(session, { after: 0 });
    expect(sequences(await take(late, 2))).toEqual([1, 2]);
    expect(await nothingMoreWithin(late, 150)).toBeUndefined();
    expect(await admin.xlen(bus.streamKey(session))).toBe(2);
    live.close();
    late.close();
  });

  it('holds a delta that arrives before its durable event and drops one that is stale', async () => {
    const session = SessionId.generate();
    const subscription = bus.subscribe(session, { after: 0 });
    await subscription.ready;
    // Delta for sequence 1 published before event 1 itself: delivered right after event 1.
    await bus.publish([deltaEvent(session, 1, 'a')]);
    await bus.publish([progressEvent(session, 1)]);
    const firstTwo = await take(subscription, 2);
    expect(firstTwo.map((e) => e.type)).toEqual(['tool.progress', 'output.message.delta']);
    await bus.publish([progressEvent(session, 2)]);
    await take(subscription, 1);
    // A delta of sequence 1 after event 2 is stale: the subscriber already moved on.
    await bus.publish([deltaEvent(session, 1, 'ab'), progressEvent(session, 3)]);
    expect(sequences(await take(subscription, 1))).toEqual([3]);
    expect(await nothingMoreWithin(subscription, 150)).toBeUndefined();
  });

  it('pipelines a publish spanning many sessions; each subscriber sees only its session', async () => {
    const sessions = range(1, 5).map(() => SessionId.generate());
    const subscriptions = sessions.map((session) => bus.subscribe(session, { after: 0 }));
    const events = sessions.flatMap((session) => range(1, 3).map((n) => progressEvent(session, n)));
    await bus.publish(events);
    for (const [i, subscription] of subscriptions.entries()) {
      const received = await take(subscription, 3);
      expect(received.every((e) => e.sessionId === sessions[i])).toBe(true);
      expect(sequences(received)).toEqual([1, 2, 3]);
      subscription.close();
    }
  });

  it('replays more than one page in order', async () => {
    const paged = newBus({ readBatchSize: 50 });
    const session = SessionId.generate();
    await paged.publish(range(1, 180).map((n) => progressEvent(session, n)));
    const subscription = paged.subscribe(session, { after: 10 });
    expect(sequences(await take(subscription, 170))).toEqual(range(11, 180));
  });

  it('serves subscribers with different cursors on one session independently', async () => {
    const session = SessionId.generate();
    await bus.publish(range(1, 4).map((n) => progressEvent(session, n)));
    const fromStart = bus.subscribe(session, { after: 0 });
    const fromThree = bus.subscribe(session, { after: 3 });
    expect(sequences(await take(fromThree, 1))).toEqual([4]);
    expect(sequences(await take(fromStart, 4))).toEqual([1, 2, 3, 4]);
    await bus.publish([progressEvent(session, 5)]);
    expect(sequences(await take(fromThree, 1))).toEqual([5]);
    expect(sequences(await take(fromStart, 1))).toEqual([5]);
    fromStart.close();
    fromThree.close();
  });

  it('never blocks publish on a slow subscriber: bounded buffer, then re-reads from the stream', async () => {
    const small = newBus({ subscriberBufferSize: 10 });
    const session = SessionId.generate();
    const subscription = small.subscribe(session, { after: 0 });
    await subscription.ready;
    for (let batch = 0; batch < 10; batch++) {
      await small.publish(range(batch * 20 + 1, batch * 20 + 20).map((n) => progressEvent(session, n)));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(subscription.buffered).toBeLessThanOrEqual(10);
    expect(sequences(await take(subscription, 200))).toEqual(range(1, 200));
  });

  it('trims to MAXLEN and reports the gap to a subscriber that asks for trimmed events', async () => {
    const gaps: StreamGap[] = [];
    const trimmed = newBus({ retention: { maxLen: 5, approximate: false }, onGap: (gap) => gaps.push(gap) });
    const session = SessionId.generate();
    await trimmed.publish(range(1, 20).map((n) => progressEvent(session, n)));
    expect(await admin.xlen(trimmed.streamKey(session))).toBe(5);
    const subscription = trimmed.subscribe(session, { after: 0 });
    expect(sequences(await take(subscription, 5))).toEqual(range(16, 20));
    expect(gaps).toEqual([{ sessionId: session, expected: 1, next: 16 }]);
    // Trimmed sequences are still refused: Redis remembers the stream's last id.
    await trimmed.publish([progressEvent(session, 3)]);
    expect(await admin.xlen(trimmed.streamKey(session))).toBe(5);
  });

  it('trims by sequence window and expires idle streams when asked', async () => {
    const windowed = newBus({ retention: { keepSequences: 3, approximate: false }, ttlSeconds: 60 });
    const session = SessionId.generate();
    await windowed.publish(range(1, 10).map((n) => progressEvent(session, n)));
    const ids = (await admin.xrange(windowed.streamKey(session), '-', '+')).map(([id]) => id);
    expect(ids).toEqual(['8-0', '9-0', '10-0']);
    const ttl = await admin.ttl(windowed.streamKey(session));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('rejects malformed events with a ValidationError and writes nothing', async () => {
    const session = SessionId.generate();
    const good = progressEvent(session, 1);
    const bad = { ...progressEvent(session, 2), sessionId: 'not-a-session' } as unknown as Event;
    await expect(bus.publish([good, bad])).rejects.toThrow(ValidationError);
    await expect(bus.publish([{ ...good, sequence: 0 }])).rejects.toThrow(/sequence of at least 1/);
    await expect(bus.publish([{ ...good, type: 'no.such.type' } as unknown as Event])).rejects.toThrow(/events\.0\.type/);
    expect(await admin.exists(bus.streamKey(session))).toBe(0);
    expect(() => bus.subscribe('session_nope' as SessionId)).toThrow(ValidationError);
    expect(() => bus.subscribe(session, { after: -1 })).toThrow(/after/);
    expect(() => new RedisEventBus({ subscriberBufferSize: 0 })).toThrow(/subscriberBufferSize/);
  });

  it('ends a subscription when its signal aborts', async () => {
    const session = SessionId.generate();
    const controller = new AbortController();
    const subscription = bus.subscribe(session, { after: 0, signal: controller.signal });
    const iteration = (async () => {
      const seen: number[] = [];
      for await (const event of subscription) seen.push(event.sequence);
      return seen;
    })();
    await bus.publish([progressEvent(session, 1)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(await iteration).toEqual([1]);
  });

  it('close() ends every iterator and refuses later publishes', async () => {
    const closing = newBus();
    const session = SessionId.generate();
    const subscription = closing.subscribe(session, { after: 0 });
    const ended = (async () => {
      for await (const _ of subscription) {
        // drain
      }
      return 'ended';
    })();
    await closing.close();
    expect(await ended).toBe('ended');
    await expect(closing.publish([progressEvent(session, 1)])).rejects.toThrow(StorageUnavailableError);
    const late = closing.subscribe(session, { after: 0 });
    expect(await late[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
    // The server notices closed sockets a moment later: poll briefly.
    const openConnections = async () => ((await admin.client('LIST')) as string).split('\n').filter((line) => line.includes(`name=${closing.options.connectionName}:`));
    for (let i = 0; i < 20 && (await openConnections()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await openConnections()).toEqual([]);
  });
});
