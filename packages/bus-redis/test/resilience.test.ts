import { type Event, SessionId, StorageUnavailableError } from '@org/core';
import { describeWithService } from '@org/testkit';
import type { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { RedisEventBus } from '../src/index.js';
import { adminClient, deleteKeys, nothingMoreWithin, REDIS_URL, redisStatus, take, uniquePrefix } from './support/redis.js';
import { progressEvent } from './support/turn-events.js';

const status = await redisStatus();
const prefix = uniquePrefix('resilience');

/** The ids of this test's own connections (the Redis may be shared). */
async function connectionIds(admin: Redis, namePrefix: string): Promise<string[]> {
  const list = (await admin.client('LIST')) as string;
  return list
    .split('\n')
    .filter((line) => line.includes(` name=${namePrefix}`))
    .map((line) => /^id=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
}

/**
 * Kills this test's own connections, like `CLIENT KILL` by an operator. With `atLeast`, it first waits
 * (up to 10 s) until that many are connected again, so a kill never lands while earlier victims are
 * still reconnecting (which on a loaded machine can take a while).
 */
async function killConnections(admin: Redis, namePrefix: string, atLeast = 0): Promise<number> {
  let ids = await connectionIds(admin, namePrefix);
  for (const deadline = Date.now() + 10_000; ids.length < atLeast && Date.now() < deadline; ids = await connectionIds(admin, namePrefix)) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  for (const id of ids) await admin.call('CLIENT', ['KILL', 'ID', id]);
  return ids.length;
}

/** Publishes like the runtime would: a failed publish is retried with the same batch. */
async function publishWithRetry(bus: RedisEventBus, batch: Event[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await bus.publish(batch);
    } catch (error) {
      if (!(error instanceof StorageUnavailableError) || attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describeWithService(status, 'RedisEventBus resilience', () => {
  const admin = adminClient();
  const tag = Math.random().toString(36).slice(2, 8);
  const publisher = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: `resil-${tag}-pub` });
  const subscriber = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: `resil-${tag}-sub` });
  afterAll(async () => {
    await publisher.close();
    await subscriber.close();
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it('loses and repeats nothing when every connection is killed mid-stream', async () => {
    const session = SessionId.generate();
    const subscription = subscriber.subscribe(session, { after: 0 });
    await subscription.ready;
    const received = take(subscription, 300, 20_000);
    let killed = 0;
    for (let batch = 0; batch < 30; batch++) {
      const events = Array.from({ length: 10 }, (_, i) => progressEvent(session, batch * 10 + i + 1));
      const publishing = publishWithRetry(publisher, events);
      // Kill while the batch is in flight, on both sides (publisher, reader, live channel), twice.
      if (batch === 10 || batch === 20) killed += await killConnections(admin, `resil-${tag}-`, 3);
      await publishing;
    }
    expect(killed).toBeGreaterThanOrEqual(6);
    const events = await received;
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(await nothingMoreWithin(subscription, 200)).toBeUndefined();
    expect(await admin.xlen(publisher.streamKey(session))).toBe(300);
  });

  it('restarts a blocking read that was cut while waiting', async () => {
    const session = SessionId.generate();
    const subscription = subscriber.subscribe(session, { after: 0 });
    await subscription.ready;
    await publisher.publish([progressEvent(session, 1)]);
    expect((await take(subscription, 1)).map((e) => e.sequence)).toEqual([1]);
    // The reader is now blocked in XREAD; cut it, then publish.
    expect(await killConnections(admin, `resil-${tag}-sub:reader`)).toBe(1);
    await publisher.publish([progressEvent(session, 2), progressEvent(session, 3)]);
    expect((await take(subscription, 2, 10_000)).map((e) => e.sequence)).toEqual([2, 3]);
    subscription.close();
  });
});
