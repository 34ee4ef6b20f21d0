import { type Event, SessionId } from '@org/core';
import { deltaEvent, describeWithService, progressEvent, progressEvents, takeEvents } from '@org/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresHistoryStore } from './history-store.js';
import { channelOf, decodeNotice, encodeEphemeral, encodeWake, MAX_NOTIFY_PAYLOAD_BYTES } from './notify-codec.js';
import { type ChannelListener, listenToChannel } from './test-support/channel-listener.js';
import { DATABASE_URL, freshBackends, postgresService } from './test-support/database.js';

describe('NOTIFY payload size rule', () => {
  const sessionId = SessionId.generate();

  it('sends small ephemeral events whole', () => {
    const event = deltaEvent(sessionId, 3, 'Hello');
    expect(decodeNotice(encodeEphemeral(event))).toEqual({ kind: 'ephemeral', event });
  });

  it('keeps the tail of an oversized accumulated text and flags it, never cutting the delta', () => {
    const accumulated = `${'é'.repeat(6000)}THE END`;
    const payload = encodeEphemeral(deltaEvent(sessionId, 3, accumulated)) as string;
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_NOTIFY_PAYLOAD_BYTES);
    const notice = decodeNotice(payload);
    if (notice?.kind !== 'ephemeral' || notice.event.type !== 'output.message.delta') throw new Error('not an ephemeral delta');
    expect(notice.event.data.delta).toBe('D');
    expect(notice.event.data.accumulated.endsWith('THE END')).toBe(true);
    expect(accumulated.endsWith(notice.event.data.accumulated)).toBe(true);
    expect(notice.event.data.accumulated.length).toBeGreaterThan(3000);
    expect(notice.event.metadata).toEqual({ accumulatedTruncated: true });
  });

  it('drops an event whose delta alone is too large', () => {
    const event = deltaEvent(sessionId, 3, 'x');
    const huge = { ...event, data: { ...event.data, delta: 'x'.repeat(9000) } };
    expect(encodeEphemeral(huge)).toBeUndefined();
  });
});

describeWithService(postgresService, 'PostgresEventBus specifics', () => {
  let backends: Awaited<ReturnType<typeof freshBackends>>;
  beforeAll(async () => {
    backends = await freshBackends({ applicationName: 'bus-owner' });
  });
  afterAll(async () => {
    await backends?.close();
  });

  it('delivers a delta published right after its durable event in that order', async () => {
    const sessionId = SessionId.generate();
    const subscription = backends.bus.subscribe(sessionId, { after: 0 });
    const [first] = progressEvents(sessionId, 1, 1);
    await backends.history.append(sessionId, [first as never]);
    await backends.bus.publish([first as never, deltaEvent(sessionId, 1, 'He'), deltaEvent(sessionId, 1, 'Hello')]);
    const received = await takeEvents(subscription, 3);
    expect(received.map((e) => `${e.type}#${e.sequence}`)).toEqual(['tool.progress#1', 'output.message.delta#1', 'output.message.delta#1']);
    subscription.close();
  });

  it('sends nothing from a batch with an invalid event', async () => {
    const listener = await listenToChannel(channelOf(backends.schema));
    try {
      const sessionId = SessionId.generate();
      const bad = { ...progressEvent(sessionId, 2), id: 'event_bad' };
      await expect(backends.bus.publish([deltaEvent(sessionId, 0, 'H'), progressEvent(sessionId, 1), bad as never])).rejects.toMatchObject({
        code: 'validation',
      });
      expect(await listener.settle()).toEqual([]);
    } finally {
      await listener.close();
    }
  });

  it('loses nothing when the LISTEN connection is killed: it reconnects and re-reads', async () => {
    const sessionId = SessionId.generate();
    const subscription = backends.bus.subscribe(sessionId, { after: 0 });
    const publish = async (from: number, count: number) => {
      const events = progressEvents(sessionId, from, count);
      await backends.history.append(sessionId, events);
      await backends.bus.publish(events);
    };
    await publish(1, 2);
    expect((await takeEvents(subscription, 2)).map((e) => e.sequence)).toEqual([1, 2]);

    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bus-owner' AND query LIKE 'LISTEN%'`,
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // Published while the listener is down: the wake-up is lost, the re-read after reconnecting is not.
    await publish(3, 2);
    expect((await takeEvents(subscription, 2)).map((e) => e.sequence)).toEqual([3, 4]);
    await publish(5, 1);
    expect((await takeEvents(subscription, 1)).map((e) => e.sequence)).toEqual([5]);
    subscription.close();
  });
});

describeWithService(postgresService, 'PostgresEventBus: appends send their own wake-up', () => {
  let backends: Awaited<ReturnType<typeof freshBackends>>;
  let listener: ChannelListener;
  beforeAll(async () => {
    backends = await freshBackends();
    listener = await listenToChannel(channelOf(backends.schema));
    // The bus links its history store when it first publishes, as in a runtime.
    await backends.bus.publish([]);
  });
  afterAll(async () => {
    await listener?.close();
    await backends?.close();
  });

  /** The payloads `action` caused on the bus channel. */
  async function noticesOf(action: () => Promise<unknown>): Promise<string[]> {
    const before = (await listener.settle()).length;
    await action();
    return (await listener.settle()).slice(before);
  }

  it('wakes a subscriber from the append alone, with no publish call', async () => {
    const sessionId = SessionId.generate();
    const subscription = backends.bus.subscribe(sessionId, { after: 0 });
    const notices = await noticesOf(() => backends.history.append(sessionId, progressEvents(sessionId, 1, 3)));
    expect(notices).toEqual([encodeWake(sessionId, 3)]);
    expect((await takeEvents(subscription, 3)).map((e) => e.sequence)).toEqual([1, 2, 3]);
    await backends.history.append(sessionId, progressEvents(sessionId, 4, 2));
    expect((await takeEvents(subscription, 2)).map((e) => e.sequence)).toEqual([4, 5]);
    subscription.close();
  });

  it('publishing events whose append announced them sends nothing more; deltas still go out', async () => {
    const sessionId = SessionId.generate();
    const first = progressEvents(sessionId, 1, 2);
    const second = progressEvents(sessionId, 3, 2);
    const notices = await noticesOf(async () => {
      await backends.history.append(sessionId, first);
      await backends.history.append(sessionId, second);
      await backends.bus.publish(first);
      await backends.bus.publish([...second, deltaEvent(sessionId, 4, 'Hi')]);
    });
    expect(notices.map((payload) => decodeNotice(payload)?.kind)).toEqual(['wake', 'wake', 'ephemeral']);
    expect(notices.slice(0, 2)).toEqual([encodeWake(sessionId, 2), encodeWake(sessionId, 4)]);
  });

  it('still sends the wake-up from publish for durable events appended without announcing', async () => {
    const sessionId = SessionId.generate();
    // A history store no bus linked: appends as before, silently.
    const unlinked = new PostgresHistoryStore(backends.context);
    const events = progressEvents(sessionId, 1, 3);
    expect(await noticesOf(() => unlinked.append(sessionId, events))).toEqual([]);
    expect(await noticesOf(() => backends.bus.publish(events))).toEqual([encodeWake(sessionId, 3)]);
  });

  it('sends no wake-up for an append that fails or rolls back', async () => {
    const sessionId = SessionId.generate();
    const [stored] = progressEvents(sessionId, 1, 1);
    await backends.history.append(sessionId, [stored as Event]);
    const notices = await noticesOf(async () => {
      // A sequence already taken: the head does not move.
      await expect(backends.history.append(sessionId, progressEvents(sessionId, 1, 2))).rejects.toMatchObject({ code: 'sequence_conflict' });
      // A stale fence: refused before anything is written.
      const lease = await backends.leases.acquire(sessionId);
      await lease.release();
      await expect(backends.history.append(sessionId, progressEvents(sessionId, 2, 1), { fence: lease })).rejects.toMatchObject({ code: 'lease_lost' });
      // The head moves, then a duplicate event id fails the statement: the whole transaction, NOTIFY included, rolls back.
      await expect(backends.history.append(sessionId, [{ ...(stored as Event), sequence: 2 }])).rejects.toMatchObject({ code: 'conflict' });
    });
    expect(notices).toEqual([]);
    expect(await backends.history.lastSequence(sessionId)).toBe(1);
  });

  it('an append waits for deltas published before it, so subscribers get them first', async () => {
    const sessionId = SessionId.generate();
    await backends.history.append(sessionId, progressEvents(sessionId, 1, 1));
    const subscription = backends.bus.subscribe(sessionId, { after: 1 });
    // Keep the bus's one NOTIFY statement busy, so the delta waits in its queue when the append is called.
    const done: string[] = [];
    const busy = backends.bus.publish([deltaEvent(SessionId.generate(), 0, 'elsewhere')]);
    const delta = backends.bus.publish([deltaEvent(sessionId, 1, 'Hello')]).then(() => done.push('delta'));
    const events = progressEvents(sessionId, 2, 1);
    await backends.history.append(sessionId, events);
    done.push('append');
    await Promise.all([busy, delta, backends.bus.publish(events)]);
    // The append's statement (and so its wake-up) ran only once the delta had been sent.
    expect(done).toEqual(['delta', 'append']);
    expect((await takeEvents(subscription, 2)).map((e) => `${e.type}#${e.sequence}`)).toEqual(['output.message.delta#1', 'tool.progress#2']);
    subscription.close();
  });
});
