import { SessionId } from '@org/core';
import { describeWithService, makeSession, progressEvents, userMessageEvent } from '@org/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresHistoryStore, REPLAY_PAGE } from './history-store.js';
import { PostgresContext } from './postgres-context.js';
import { DATABASE_URL, freshBackends, postgresService } from './test-support/database.js';
import { turnBatches } from './test-support/turn-batches.js';

describeWithService(postgresService, 'PostgresHistoryStore specifics', () => {
  let backends: Awaited<ReturnType<typeof freshBackends>>;
  beforeAll(async () => {
    backends = await freshBackends();
  });
  afterAll(async () => {
    await backends?.close();
  });

  it('writes an atom batch with its messages in exactly one round trip', async () => {
    const counter = { queries: 0 };
    class CountingClient extends pg.Client {
      override query(...args: unknown[]): never {
        counter.queries += 1;
        return (super.query as (...a: unknown[]) => never)(...args);
      }
    }
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1, Client: CountingClient });
    const ctx = new PostgresContext(pool, backends.schema, 'test', false);
    const history = new PostgresHistoryStore(ctx);
    try {
      const sessionId = SessionId.generate();
      const batches = turnBatches(sessionId, 1);
      for (const batch of batches) {
        const before = counter.queries;
        await history.append(sessionId, batch);
        expect(counter.queries - before).toBe(1);
      }
      expect(await history.lastSequence(sessionId)).toBe(batches.flat().length);
      expect((await history.messages(sessionId)).map((m) => m.role)).toEqual(['user', 'agent', 'tool_result', 'agent']);
    } finally {
      await pool.end();
    }
  });

  it('stores a tool result as its JSON value and finds messages by id', async () => {
    const sessionId = SessionId.generate();
    const [input, reason, act] = turnBatches(sessionId, 1);
    await backends.history.append(sessionId, [...(input ?? []), ...(reason ?? []), ...(act ?? [])]);
    const messages = await backends.history.messages(sessionId);
    const toolResult = messages.find((m) => m.role === 'tool_result');
    expect(toolResult?.content[0]).toMatchObject({ type: 'tool_result', result: { city: 'Paris', tempC: 18 } });
    expect(await backends.history.message(sessionId, toolResult?.id as never)).toEqual(toolResult);
  });

  it('deleteSession removes the session and everything under it (retention)', async () => {
    const session = makeSession();
    await backends.sessions.putSession(session);
    await backends.history.append(session.id, [userMessageEvent(session.id, 1, 'hello'), ...progressEvents(session.id, 2, 2)]);
    await backends.storage.setValue(session.id, 'k', { v: 1 });
    await backends.storage.setSecret(session.id, 's', 'secret');
    const lease = await backends.leases.acquire(session.id);
    await lease.release();

    expect(await backends.sessions.deleteSession(session.id)).toBe(true);
    expect(await backends.sessions.getSession(session.id)).toBeUndefined();
    expect(await backends.history.lastSequence(session.id)).toBe(0);
    expect(await backends.history.readEvents(session.id)).toEqual([]);
    expect(await backends.history.messages(session.id)).toEqual([]);
    expect(await backends.storage.listValues(session.id)).toEqual([]);
    expect(await backends.storage.listSecrets(session.id)).toEqual([]);
    // A deleted session starts a fresh log at 1.
    await backends.history.append(session.id, progressEvents(session.id, 1, 1));
    expect(await backends.sessions.deleteSession(session.id)).toBe(false);
  });

  it('reads a log longer than one replay page completely and in order, also from a cursor with a limit', async () => {
    const sessionId = SessionId.generate();
    const total = REPLAY_PAGE * 2 + 500;
    const [template] = progressEvents(sessionId, 1, 1);
    const q = backends.context.q;
    await backends.context.query({
      text: `INSERT INTO ${q}.events (session_id, sequence, id, type, body)
             SELECT $1, g, 'event_' || lpad(to_hex(g), 32, '0'), 'tool.progress', $2::jsonb || jsonb_build_object('sequence', g)
             FROM generate_series(1, $3::integer) g`,
      values: [sessionId, JSON.stringify(template), total],
    });
    await backends.context.query({ text: `INSERT INTO ${q}.event_heads VALUES ($1, $2)`, values: [sessionId, total] });
    const all = await backends.history.readEvents(sessionId);
    expect(all).toHaveLength(total);
    expect(all.every((event, index) => event.sequence === index + 1)).toBe(true);
    const window = await backends.history.readEvents(sessionId, { after: REPLAY_PAGE - 1, limit: REPLAY_PAGE + 2 });
    expect(window.map((e) => e.sequence)).toEqual(Array.from({ length: REPLAY_PAGE + 2 }, (_, i) => REPLAY_PAGE + i));
  });

  it('maps an event id stored twice to ConflictError and writes nothing', async () => {
    const a = SessionId.generate();
    const b = SessionId.generate();
    const [event] = progressEvents(a, 1, 1);
    await backends.history.append(a, [event as never]);
    const copy = { ...(event as object), sessionId: b };
    await expect(backends.history.append(b, [copy as never])).rejects.toMatchObject({ code: 'conflict' });
    expect(await backends.history.lastSequence(b)).toBe(0);
  });
});
