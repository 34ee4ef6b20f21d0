import { SessionId } from '@org/core';
import { describeWithService } from '@org/testkit';
import { afterAll, afterEach, expect, it } from 'vitest';
import { killRunningFixtures, runFixture } from './support/child-process.js';
import { adminClient, deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from './support/redis.js';

const status = await redisStatus();
const prefix = uniquePrefix('processes');

type Seen = { sequence: number; type: string; id: string; ephemeral: boolean };

describeWithService(status, 'RedisEventBus across processes', () => {
  const admin = adminClient();
  afterEach(killRunningFixtures);
  afterAll(async () => {
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it('two subscriber processes both receive every event of turns run in a third, in order', async () => {
    const session = SessionId.generate();
    const turns = 3;
    const durablePerTurn = 19; // the durable events of one turn in turnEvents()
    const subscribers = [0, 1].map(() => runFixture('subscriber.ts', [REDIS_URL, prefix, session, String(turns * durablePerTurn)]));
    await Promise.all(subscribers.map((child) => child.waitForLine((line) => line === 'ready')));
    const publisher = runFixture('publisher.ts', [REDIS_URL, prefix, session, String(turns)]);
    const [published, ...received] = await Promise.all([publisher, ...subscribers].map(async (child) => {
      const { code, stderr } = await child.exited(25_000);
      expect(code, stderr).toBe(0);
      return JSON.parse(child.lines.at(-1) ?? '[]') as Seen[];
    }));
    const durable = (events: Seen[]) => events.filter((e) => !e.ephemeral);
    expect(durable(published ?? [])).toHaveLength(turns * durablePerTurn);
    for (const events of received) {
      // Every durable event, exactly once, in sequence order.
      expect(durable(events)).toEqual(durable(published ?? []));
      // Deltas are live extras: each shows up right after the durable event it follows, in publish order.
      const publishedOrder = new Map((published ?? []).map((e, index) => [e.id, index]));
      const positions = events.map((e) => publishedOrder.get(e.id) ?? -1);
      expect(positions.every((position, i) => position >= 0 && (i === 0 || position > (positions[i - 1] ?? -1)))).toBe(true);
      for (const [i, event] of events.entries()) if (event.ephemeral) expect(event.sequence).toBe(events[i - 1]?.sequence);
    }
  }, 40_000);

  it('a process that closes its bus exits by itself, with no dangling handles', async () => {
    const child = runFixture('clean-exit.ts', [REDIS_URL, prefix]);
    const { code, signal, stderr } = await child.exited(10_000);
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(child.lines).toContain('received 1');
  });
});
