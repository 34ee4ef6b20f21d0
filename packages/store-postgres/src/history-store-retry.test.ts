import { SessionId, StorageUnavailableError } from '@org/core';
import { describeWithService } from '@org/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresHistoryStore } from './history-store.js';
import { PostgresContext } from './postgres-context.js';
import { DATABASE_URL, freshBackends, postgresService } from './test-support/database.js';
import { turnBatches } from './test-support/turn-batches.js';

/** How the next append statements lose their connection: before reaching the server, or after committing. */
type Fault = 'lost-before-sending' | 'lost-after-commit';
const faults: Fault[] = [];
const LOST = 'Connection terminated unexpectedly';

type Callback = (error: Error | null, result?: unknown) => void;

/**
 * A real `pg` client that loses the connection on demand around append
 * statements (everything else, and the statement itself in the
 * after-commit case, runs on the real server).
 */
class FaultInjectingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const config = args[0] as { name?: string } | string;
    const isAppend = typeof config === 'object' && config.name?.includes('history_append') === true;
    const fault = isAppend ? faults.shift() : undefined;
    const callback = args.at(-1);
    if (fault === undefined || typeof callback !== 'function') return (super.query as (...a: unknown[]) => never)(...args);
    const done = callback as Callback;
    if (fault === 'lost-before-sending') {
      process.nextTick(() => done(new Error(LOST)));
      return undefined as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args.slice(0, -1), (error: Error | null) => done(error ?? new Error(LOST)));
  }
}

describeWithService(postgresService, 'PostgresHistoryStore.append when the connection is lost', () => {
  let setup: Awaited<ReturnType<typeof freshBackends>>;
  let pool: pg.Pool;
  let history: PostgresHistoryStore;
  beforeAll(async () => {
    setup = await freshBackends();
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2, Client: FaultInjectingClient });
    history = new PostgresHistoryStore(new PostgresContext(pool, setup.schema, 'test', false));
  });
  afterAll(async () => {
    faults.length = 0;
    await pool?.end();
    await setup?.close();
  });

  it('a reply lost after the commit: the retry recognises the stored batch, which is there exactly once', async () => {
    const sessionId = SessionId.generate();
    const [first, second] = turnBatches(sessionId, 1);
    await history.append(sessionId, first ?? []);
    faults.push('lost-after-commit');
    await history.append(sessionId, second ?? []);
    expect(faults).toEqual([]);
    const events = await history.readEvents(sessionId);
    expect(events.map((e) => e.id)).toEqual([...(first ?? []), ...(second ?? [])].map((e) => e.id));
  });

  it('a statement that never reached the server is sent again and stored once', async () => {
    const sessionId = SessionId.generate();
    const [first, second] = turnBatches(sessionId, 1);
    faults.push('lost-before-sending', 'lost-before-sending');
    await history.append(sessionId, first ?? []);
    await history.append(sessionId, second ?? []);
    expect(await history.lastSequence(sessionId)).toBe((first?.length ?? 0) + (second?.length ?? 0));
  });

  it('when every attempt fails: StorageUnavailableError, nothing stored, and the next append continues the log', async () => {
    const sessionId = SessionId.generate();
    const [first, second] = turnBatches(sessionId, 1);
    await history.append(sessionId, first ?? []);
    faults.push('lost-before-sending', 'lost-before-sending', 'lost-before-sending');
    await expect(history.append(sessionId, second ?? [])).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await history.lastSequence(sessionId)).toBe(first?.length);
    await history.append(sessionId, second ?? []);
    expect(await history.lastSequence(sessionId)).toBe((first?.length ?? 0) + (second?.length ?? 0));
  });

  it('a conflicting writer is still a conflict after a lost reply (the retry does not claim a batch that is not ours)', async () => {
    const sessionId = SessionId.generate();
    const [first, second] = turnBatches(sessionId, 1);
    const [, rival] = turnBatches(sessionId, 1);
    await history.append(sessionId, first ?? []);
    await setup.history.append(sessionId, rival ?? []);
    faults.push('lost-before-sending');
    await expect(history.append(sessionId, second ?? [])).rejects.toThrow(/sequence/i);
    expect((await history.readEvents(sessionId)).at(-1)?.id).toBe(rival?.at(-1)?.id);
  });
});
