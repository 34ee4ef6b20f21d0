import { SessionId, ValidationError } from '@org/core';
import { describeWithService } from '@org/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisEventBus } from '../src/index.js';
import { adminClient, deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from './support/redis.js';
import { progressEvent } from './support/turn-events.js';

const status = await redisStatus();
const prefix = uniquePrefix('groups');

describeWithService(status, 'RedisEventBus consumer groups', () => {
  const admin = adminClient();
  let bus: RedisEventBus;
  beforeAll(() => {
    bus = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: 'bus-groups-test' });
  });
  afterAll(async () => {
    await bus.close();
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it('hands each event to exactly one consumer of the group', async () => {
    const session = SessionId.generate();
    const group = await bus.createConsumerGroup(session, 'workers');
    await bus.publish([1, 2, 3, 4].map((n) => progressEvent(session, n)));
    const first = await group.consume('worker-a', { count: 2 });
    const second = await group.consume('worker-b', { count: 10 });
    expect(first.map((d) => d.event.sequence)).toEqual([1, 2]);
    expect(second.map((d) => d.event.sequence)).toEqual([3, 4]);
    expect(await group.consume('worker-a')).toEqual([]);
    expect(await group.pendingCount()).toBe(4);
    for (const delivery of [...first, ...second]) await delivery.ack();
    expect(await group.pendingCount()).toBe(0);
    // Joining an existing group (e.g. a second worker process) is fine.
    const again = await bus.createConsumerGroup(session, 'workers');
    expect(await again.consume('worker-c')).toEqual([]);
  });

  it('lets another consumer claim work a crashed consumer never acknowledged', async () => {
    const session = SessionId.generate();
    const group = await bus.createConsumerGroup(session, 'workers');
    await bus.publish([progressEvent(session, 1), progressEvent(session, 2)]);
    const taken = await group.consume('crashes', { count: 2 });
    await taken[0]?.ack();
    expect(await group.claimStale('rescuer', { minIdleMs: 60_000 })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const claimed = await group.claimStale('rescuer', { minIdleMs: 20 });
    expect(claimed.map((d) => d.event.sequence)).toEqual([2]);
    await claimed[0]?.ack();
    expect(await group.pendingCount()).toBe(0);
  });

  it('starts after a sequence or at the end, and a blocking consume waits for new events', async () => {
    const session = SessionId.generate();
    await bus.publish([progressEvent(session, 1), progressEvent(session, 2)]);
    const fromTwo = await bus.createConsumerGroup(session, 'after-one', { startAfter: 1 });
    expect((await fromTwo.consume('w')).map((d) => d.event.sequence)).toEqual([2]);
    const fromEnd = await bus.createConsumerGroup(session, 'new-only', { startAfter: 'end' });
    const waiting = fromEnd.consume('w', { blockMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await bus.publish([progressEvent(session, 3)]);
    expect((await waiting).map((d) => d.event.sequence)).toEqual([3]);
    fromEnd.close();
  });

  it('rejects bad arguments with a ValidationError', async () => {
    const session = SessionId.generate();
    await expect(bus.createConsumerGroup(session, '')).rejects.toThrow(ValidationError);
    const group = await bus.createConsumerGroup(session, 'g');
    await expect(group.consume('')).rejects.toThrow(ValidationError);
    await expect(group.consume('w', { count: 0 })).rejects.toThrow(/count/);
  });
});
