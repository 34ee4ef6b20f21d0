import { SessionId } from '@org/core';
import { deltaEvent, describeWithService, progressEvent, progressEvents, takeEvents } from '@org/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOf, decodeNotice, encodeEphemeral, MAX_NOTIFY_PAYLOAD_BYTES } from './notify-codec.js';
import { listenToChannel } from './test-support/channel-listener.js';
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

  // Without a cursor a subscription starts at the head it reads once LISTEN is up. Events published through the same
  // bus after subscribe() must still arrive when that head already counts them. The pool's connections are held so
  // LISTEN cannot start; the append goes over the pipelined connection meanwhile, so the head is read after it.
  for (const publishWhen of ['before the subscription starts', 'after it started'] as const) {
    it(`without a cursor delivers an event published after subscribing whose append its starting head counts (published ${publishWhen})`, async () => {
      const own = await freshBackends({ configCache: false, pipeline: 1, poolSize: 2 });
      const held = await Promise.all([own.context.connect(), own.context.connect()]);
      try {
        const sessionId = SessionId.generate();
        await own.history.append(sessionId, progressEvents(sessionId, 1, 3) as never);
        const subscription = own.bus.subscribe(sessionId);
        const [fourth] = progressEvents(sessionId, 4, 1);
        await own.history.append(sessionId, [fourth as never]);
        if (publishWhen === 'before the subscription starts') await own.bus.publish([fourth as never]);
        for (const client of held.splice(0)) client.release();
        // The subscription has read its starting head (private state: the interface has no readiness signal).
        await expect.poll(() => (subscription as unknown as { started: boolean }).started).toBe(true);
        if (publishWhen === 'after it started') await own.bus.publish([fourth as never]);
        expect((await takeEvents(subscription, 1)).map((event) => event.sequence)).toEqual([4]);
        subscription.close();
      } finally {
        for (const client of held) client.release();
        await own.close();
      }
    });
  }

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
