import { type Event, SessionId } from '@org/core';
import { describeWithService, progressEvents, userMessageEvent } from '@org/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PostgresBackends } from './backends.js';
import { postgresBackends } from './backends.js';
import { DATABASE_URL, freshBackends, postgresService } from './test-support/database.js';
import { turnBatches } from './test-support/turn-batches.js';

const TURNS_PER_WRITER = 6;

/** What a runtime does per turn: take the lease, continue the log atom by atom under the fence, release. */
async function runTurn(backends: PostgresBackends, sessionId: SessionId, writer: string): Promise<void> {
  const lease = await backends.leases.acquire(sessionId);
  try {
    const last = await backends.history.lastSequence(sessionId);
    for (const batch of turnBatches(sessionId, last + 1, writer)) {
      await backends.history.append(sessionId, batch, { fence: lease });
      // Yield between atoms, as real turns do while the model thinks.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  } finally {
    await lease.release();
  }
}

describeWithService(postgresService, 'concurrency on one session', () => {
  let first: Awaited<ReturnType<typeof freshBackends>>;
  let second: PostgresBackends;
  beforeAll(async () => {
    first = await freshBackends({ applicationName: 'writer-a' });
    // A second runtime: its own pool and lease manager on the same schema.
    second = await postgresBackends({ connectionString: DATABASE_URL, schema: first.schema, poolSize: 4, applicationName: 'writer-b' });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('two runtimes with separate pools never interleave turns and leave an unbroken sequence', async () => {
    const sessionId = SessionId.generate();
    const writer = async (backends: PostgresBackends, name: string) => {
      for (let turn = 0; turn < TURNS_PER_WRITER; turn += 1) await runTurn(backends, sessionId, name);
    };
    await Promise.all([writer(first, 'a'), writer(second, 'b')]);

    const events = await first.history.readEvents(sessionId);
    const perTurn = turnBatches(sessionId, 1).flat().length;
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 2 * TURNS_PER_WRITER * perTurn }, (_, i) => i + 1));
    // Every turn is one contiguous block written by one runtime.
    const writers: string[] = [];
    for (let start = 0; start < events.length; start += perTurn) {
      const block = events.slice(start, start + perTurn);
      const tags = new Set(block.map((e) => e.tags?.[0]));
      expect(tags.size).toBe(1);
      expect(new Set(block.map((e) => e.context.turnId)).size).toBe(1);
      writers.push(block[0]?.tags?.[0] ?? '');
    }
    expect(writers.filter((w) => w === 'a')).toHaveLength(TURNS_PER_WRITER);
    expect(writers.filter((w) => w === 'b')).toHaveLength(TURNS_PER_WRITER);
    // Messages follow the events: user, agent (tool call), tool_result, agent per turn.
    expect((await second.history.messages(sessionId)).map((m) => m.role)).toEqual(
      Array.from({ length: 2 * TURNS_PER_WRITER }, () => ['user', 'agent', 'tool_result', 'agent']).flat(),
    );
  });

  it('lets exactly one of two racing unfenced appends continue the sequence', async () => {
    const sessionId = SessionId.generate();
    await first.history.append(sessionId, progressEvents(sessionId, 1, 1));
    const results = await Promise.allSettled([
      first.history.append(sessionId, progressEvents(sessionId, 2, 3)),
      second.history.append(sessionId, progressEvents(sessionId, 2, 3)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'sequence_conflict' } });
    expect((await first.history.readEvents(sessionId)).map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
  });

  it('takes over a lease whose holder stopped heartbeating after the TTL, and fences the old holder out', async () => {
    const sessionId = SessionId.generate();
    const stalled = await postgresBackends({ connectionString: DATABASE_URL, schema: first.schema, poolSize: 2, leases: { ttlMs: 300 } });
    try {
      const old = await stalled.leases.acquire(sessionId);
      await stalled.history.append(sessionId, progressEvents(sessionId, 1, 1), { fence: old });
      stalled.leases.close(); // the process "freezes": no more heartbeats
      expect(await second.leases.tryAcquire(sessionId)).toBeUndefined();
      const current = await second.leases.acquire(sessionId);
      try {
        expect(current.token).toBeGreaterThan(old.token);
        await expect(stalled.history.append(sessionId, progressEvents(sessionId, 2, 1), { fence: old })).rejects.toMatchObject({ code: 'lease_lost' });
        await second.history.append(sessionId, progressEvents(sessionId, 2, 1), { fence: current });
        expect(await first.history.lastSequence(sessionId)).toBe(2);
      } finally {
        await current.release();
      }
    } finally {
      await stalled.close();
    }
  });

  it('a granted lease reports the session head: nothing for a session without a log (the caller reads it), N after N events', async () => {
    const sessionId = SessionId.generate();
    const fresh = await first.leases.acquire(sessionId);
    expect(fresh.lastSequence).toBeUndefined();
    await first.history.append(sessionId, turnBatches(sessionId, 1).flat(), { fence: fresh });
    await fresh.release();
    const appended = turnBatches(sessionId, 1).flat().length;
    const lease = await second.leases.acquire(sessionId);
    expect(lease.lastSequence).toBe(appended);
    await lease.release();
    const tried = await first.leases.tryAcquire(sessionId);
    expect(tried?.lastSequence).toBe(appended);
    await tried?.release();
  });

  it('a take-over that waited for the old holder\'s in-flight append reports the head after that append', async () => {
    const sessionId = SessionId.generate();
    await first.history.append(sessionId, progressEvents(sessionId, 1, 1));
    const stalled = await postgresBackends({ connectionString: DATABASE_URL, schema: first.schema, poolSize: 2, leases: { ttlMs: 300 }, applicationName: 'stalled' });
    const blocker = new pg.Client({ connectionString: DATABASE_URL });
    await blocker.connect();
    try {
      const old = await stalled.leases.acquire(sessionId);
      stalled.leases.close(); // no more heartbeats: the lease expires while its append is in flight
      // An uncommitted row on the batch's message key holds the append inside its transaction (lease row locked, head moved).
      const batch = [userMessageEvent(sessionId, 2, 'late'), ...progressEvents(sessionId, 3, 2)];
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO "${first.schema}".messages (session_id, sequence, id, search_text, body) VALUES ($1, 2, 'x', '', '{}')`, [sessionId]);
      const append = stalled.history.append(sessionId, batch, { fence: old });
      await waitForBlockedBackend(blocker, 'stalled');
      await new Promise((resolve) => setTimeout(resolve, 350));
      // The take-over waits for the append (which holds the lease row) and must see what it committed.
      const taking = second.leases.acquire(sessionId);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await blocker.query('ROLLBACK');
      await append;
      const current = await taking;
      try {
        expect(current.token).toBeGreaterThan(old.token);
        expect(current.lastSequence).toBe(4);
        await second.history.append(sessionId, progressEvents(sessionId, (current.lastSequence ?? 0) + 1, 1), { fence: current });
      } finally {
        await current.release();
      }
    } finally {
      await blocker.end();
      await stalled.close();
    }
  });

  it('keeps the stored state consistent when the connection is killed mid-transaction, and stores the batch once on retry', async () => {
    const sessionId = SessionId.generate();
    await first.history.append(sessionId, [userMessageEvent(sessionId, 1, 'before')]);
    const batch: Event[] = turnBatches(sessionId, 2, 'victim').flat();
    const victim = await postgresBackends({ connectionString: DATABASE_URL, schema: first.schema, poolSize: 1, applicationName: 'victim' });
    const blocker = new pg.Client({ connectionString: DATABASE_URL });
    await blocker.connect();
    try {
      // An uncommitted row on the key of the batch's 3rd message makes the append wait inside its
      // transaction, after it has already inserted events and moved the head.
      const messageSequence = batch.filter((e) => ['input.message', 'output.message.completed', 'tool.completed'].includes(e.type))[2]?.sequence;
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO "${first.schema}".messages (session_id, sequence, id, search_text, body) VALUES ($1, $2, 'x', '', '{}')`, [
        sessionId,
        messageSequence,
      ]);
      const append = victim.history.append(sessionId, batch);
      append.catch(() => {});
      const pid = await waitForBlockedBackend(blocker, 'victim');
      await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      // The killed attempt rolled back; the store retries on a new connection, which waits for the blocker again.
      await waitForBlockedBackend(blocker, 'victim');
      expect(await first.history.lastSequence(sessionId)).toBe(1);
      await blocker.query('ROLLBACK');
      await append;

      // Stored exactly once: nothing half-written by the killed attempt was in the retry's way.
      const events = await first.history.readEvents(sessionId);
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
      expect(events.slice(1).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect((await first.history.messages(sessionId)).map((m) => m.role)).toEqual(['user', 'user', 'agent', 'tool_result', 'agent']);
    } finally {
      await blocker.end();
      await victim.close();
    }
  });
});

async function waitForBlockedBackend(client: pg.Client, applicationName: string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    // Inside a transaction pg_stat_activity is a snapshot taken once; refresh it.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND state = 'active'`,
      [applicationName],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no blocked backend of ${applicationName}`);
}
