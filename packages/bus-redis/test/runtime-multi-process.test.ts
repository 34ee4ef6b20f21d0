import { type Event, Runtime, SessionId } from '@org/core';
import { LlmSim, llmsimModel } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { describeWithService } from '@org/testkit';
import { afterAll, afterEach, expect, it } from 'vitest';
import { RedisEventBus } from '../src/index.js';
import { killRunningFixtures, runFixture } from './support/child-process.js';
import { adminClient, deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from './support/redis.js';

const status = await redisStatus();
const prefix = uniquePrefix('runtime-processes');

type Stored = { sequence: number; type: string; id: string };
type Received = Stored & { ephemeral: boolean };

describeWithService(status, 'the runtime on RedisEventBus across processes', () => {
  const admin = adminClient();
  afterEach(killRunningFixtures);
  afterAll(async () => {
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it('two subscriber processes receive every durable event of real turns run in a third, once each, in sequence order', async () => {
    const session = SessionId.generate();
    const turns = 3;
    const args = [REDIS_URL, prefix, session, String(turns)];
    // The fixtures live next to this helper's usual `test/fixtures/` folder, under `test/support/`.
    const subscribers = [0, 1].map(() => runFixture('../support/runtime-subscriber-child.ts', args));
    await Promise.all(subscribers.map((child) => child.waitForLine((line) => line === 'ready')));
    const runner = runFixture('../support/runtime-turns-child.ts', args);
    const [stored, ...received] = await Promise.all(
      [runner, ...subscribers].map(async (child) => {
        const { code, stderr } = await child.exited(25_000);
        expect(code, stderr).toBe(0);
        return JSON.parse(child.lines.at(-1) ?? '[]') as Received[];
      }),
    );
    const log = stored as Stored[];
    // session.started, then 19 durable events per single-tool turn.
    expect(log).toHaveLength(1 + turns * 19);
    expect(log.map((e) => e.sequence)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.type === 'tool.completed')).toHaveLength(turns);
    for (const events of received) {
      const durable = events.filter((e) => !e.ephemeral).map(({ sequence, type, id }) => ({ sequence, type, id }));
      // Exactly the stored log: every durable event, once, in sequence order.
      expect(durable).toEqual(log);
      // The live deltas came through too, each carrying the sequence of the durable event before it.
      const deltas = events.filter((e) => e.ephemeral);
      expect(deltas.length).toBeGreaterThan(0);
      for (const [i, event] of events.entries()) if (event.ephemeral) expect(event.sequence).toBe(events[i - 1]?.sequence);
    }
  }, 40_000);

  // Deltas carry the last committed sequence, so a bus in another process can deliver them while the model
  // is still streaming (a delta pointing at a buffered event would be held back until the atom is appended).
  it('deltas reach a subscriber on another bus while the model is still streaming', async () => {
    const sessionId = SessionId.generate();
    const runtimeBus = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: 'bus-redis-test-live-runtime' });
    const watcherBus = new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: 'bus-redis-test-live-watcher' });
    try {
      const runtime = await Runtime.builder()
        .backends({ ...memoryBackends(), bus: runtimeBus, files: new MemorySessionFileSystem() })
        // Four chunks, 150 ms apart: the answer takes about 600 ms to stream.
        .driver(LlmSim.fixed('one two three four').withLatency(150), { defaultModel: llmsimModel() })
        .options({ deltaIntervalMs: 0 })
        .singleSession((s) => s.sessionId(sessionId))
        .build();
      const watcher = watcherBus.subscribe(sessionId);
      let firstDeltaSeenRemotely: number | undefined;
      const watching = (async () => {
        for await (const event of watcher) {
          if (event.type === 'output.message.delta') {
            firstDeltaSeenRemotely = performance.now();
            break;
          }
        }
      })();
      // The runtime's own stream shows when the model finished: the llm.generation event.
      let generationAt: number | undefined;
      const turn = runtime.streamTurn(sessionId, 'count');
      for await (const event of turn as AsyncIterable<Event>) if (event.type === 'llm.generation') generationAt = performance.now();
      await turn.result;
      await watching;
      expect(firstDeltaSeenRemotely).toBeDefined();
      expect(firstDeltaSeenRemotely).toBeLessThan(generationAt ?? 0);
    } finally {
      await runtimeBus.close();
      await watcherBus.close();
    }
  }, 20_000);
});
