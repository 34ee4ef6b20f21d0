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
