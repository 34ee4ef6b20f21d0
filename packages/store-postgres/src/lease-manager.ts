import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CancelledError, type SessionLease, type SessionLeaseManager, SessionId } from '@org/core';
import type { PostgresContext } from './postgres-context.js';
import { requireId, requireInteger, requireOptions, requireText } from './validation.js';

/** Options of {@link PostgresLeaseManager}. */
export interface PostgresLeaseOptions {
  /** How long a lease lives without a heartbeat (default 30 s, 100 ms-1 h): the longest a crashed holder blocks its session. */
  ttlMs?: number;
  /** Heartbeat period (default ttlMs / 3). */
  heartbeatMs?: number;
  /** First wait between attempts while the lease is taken (default 10 ms), doubling up to `maxPollMs`. */
  pollMs?: number;
  /** Longest wait between attempts (default 250 ms). */
  maxPollMs?: number;
  /** Who holds the lease, shown in `session_leases.holder` (default host:pid:random). */
  holder?: string;
}

type ResolvedLeaseOptions = Required<PostgresLeaseOptions>;

function resolveLeaseOptions(value: unknown): ResolvedLeaseOptions {
  const options = requireOptions(value, 'lease options') as PostgresLeaseOptions;
  const ttlMs = requireInteger(options.ttlMs ?? 30_000, 'ttlMs', 100, 3_600_000);
  const heartbeatMs = requireInteger(options.heartbeatMs ?? Math.max(50, Math.floor(ttlMs / 3)), 'heartbeatMs', 1, ttlMs);
  const pollMs = requireInteger(options.pollMs ?? 10, 'pollMs', 1, 60_000);
  const maxPollMs = requireInteger(options.maxPollMs ?? 250, 'maxPollMs', pollMs, 60_000);
  const holder = requireText(options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, 'holder', 200);
  return { ttlMs, heartbeatMs, pollMs, maxPollMs, holder };
}

/** A lease held through {@link PostgresLeaseManager}. */
export interface PostgresSessionLease extends SessionLease {
  /**
   * The session's last durable sequence, read by the statement that granted
   * the lease, so the runtime needs no separate read. Absent when the session
   * has no log yet: a first append still in flight from a previous holder
   * could not be seen by that statement, so the caller reads the head itself.
   */
  readonly lastSequence?: number;
  /** True once a heartbeat found the lease expired or taken over; writes fenced with it are refused. */
  readonly lost: boolean;
}

/**
 * Per-session row leases with fencing tokens on PostgreSQL.
 *
 * Guarantee: at most one unexpired lease per session exists at any time; each
 * grant takes a token from one database sequence, so tokens only grow. A held
 * lease is renewed by a heartbeat every `heartbeatMs`; if its process dies (or
 * stalls longer than `ttlMs`), the lease expires after at most `ttlMs` and the
 * next `acquire` takes over with a larger token. `PostgresHistoryStore`
 * checks the fence inside the append statement (locking the lease row), so a
 * writer whose lease expired or was taken over gets `LeaseLostError` and
 * writes nothing. Waiting is by polling with exponential backoff. A granted
 * lease also reports the session's last durable sequence (`lastSequence`),
 * read by the granting statement, so a turn needs no separate read of it.
 */
export class PostgresLeaseManager implements SessionLeaseManager {
  private readonly options: ResolvedLeaseOptions;
  private readonly heartbeats = new Set<NodeJS.Timeout>();
  /** Per session: resolves when every local waiter queued so far is done. */
  private readonly queues = new Map<SessionId, Promise<void>>();
  /** Per session: wakes the local poller early (after a local release). */
  private readonly wakers = new Map<SessionId, () => void>();
  private readonly acquireSql: string;

  constructor(
    private readonly ctx: PostgresContext,
    options: PostgresLeaseOptions = {},
  ) {
    this.options = resolveLeaseOptions(options);
    const q = ctx.q;
    // The head is read in the same round trip. FOR SHARE makes it the newest committed head, not the statement's
    // snapshot: a take-over that waited for an in-flight append of the old holder (it locks the lease row) sees it.
    this.acquireSql = `INSERT INTO ${q}.session_leases AS l (session_id, token, holder, expires_at)
      VALUES ($1, nextval('${q}.lease_tokens'::regclass), $2, now() + $3::integer * interval '1 millisecond')
      ON CONFLICT (session_id) DO UPDATE SET token = EXCLUDED.token, holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE l.expires_at <= now()
      RETURNING token, (SELECT last_sequence FROM ${q}.event_heads WHERE session_id = $1 FOR SHARE) AS last_sequence`;
  }

  /**
   * Waits until the lease is free; an aborted `signal` rejects with
   * `CancelledError`. Callers of one manager are served first come, first
   * served: only the oldest waiter of a session polls the database, and a
   * release in this process wakes it at once. Across processes, waiters poll
   * with exponential backoff (no ordering between processes).
   */
  async acquire(sessionId: SessionId, options: { signal?: AbortSignal } = {}): Promise<PostgresSessionLease> {
    requireId(SessionId, sessionId, 'session id');
    const { signal } = options;
    if (signal?.aborted) throw cancelled(sessionId, signal);
    const ahead = this.queues.get(sessionId) ?? Promise.resolve();
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => {
      leave = resolve;
    });
    // The next waiter starts once everyone ahead of it and this waiter are done (granted or cancelled).
    const tail = ahead.then(() => mine);
    this.queues.set(sessionId, tail);
    try {
      await untilOrAborted(ahead, sessionId, signal);
      return await this.poll(sessionId, signal);
    } finally {
      leave();
      if (this.queues.get(sessionId) === tail) this.queues.delete(sessionId);
    }
  }

  private async poll(sessionId: SessionId, signal: AbortSignal | undefined): Promise<PostgresSessionLease> {
    let delay = this.options.pollMs;
    for (;;) {
      if (signal?.aborted) throw cancelled(sessionId, signal);
      const lease = await this.tryAcquire(sessionId);
      if (lease) {
        if (!signal?.aborted) return lease;
        await lease.release();
        throw cancelled(sessionId, signal);
      }
      await this.sleep(sessionId, delay + Math.floor(Math.random() * delay), signal);
      delay = Math.min(delay * 2, this.options.maxPollMs);
    }
  }

  /** Sleeps until `ms` pass, the signal aborts, or a local release of the session wakes the poller. */
  private sleep(sessionId: SessionId, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        if (this.wakers.get(sessionId) === done) this.wakers.delete(sessionId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.wakers.set(sessionId, done);
    });
  }

  /** One attempt (one statement): the lease if it is free or expired, else `undefined`. */
  async tryAcquire(sessionId: SessionId): Promise<PostgresSessionLease | undefined> {
    requireId(SessionId, sessionId, 'session id');
    const { rows } = await this.ctx.query<{ token: string; last_sequence: string | null }>({
      name: this.ctx.statement('lease_acquire'),
      pipeline: true,
      text: this.acquireSql,
      values: [sessionId, this.options.holder, this.options.ttlMs],
    });
    const row = rows[0];
    return row ? this.held(sessionId, Number(row.token), row.last_sequence === null ? undefined : Number(row.last_sequence)) : undefined;
  }

  /** Stops every heartbeat (leases still held then expire after their TTL). */
  close(): void {
    for (const timer of this.heartbeats) clearInterval(timer);
    this.heartbeats.clear();
  }

  private held(sessionId: SessionId, token: number, lastSequence: number | undefined): PostgresSessionLease {
    let released = false;
    let lost = false;
    const stop = () => {
      clearInterval(timer);
      this.heartbeats.delete(timer);
    };
    const timer = setInterval(() => {
      this.renew(sessionId, token).then(
        (alive) => {
          if (!alive) {
            lost = true;
            stop();
          }
        },
        // A failed heartbeat is retried at the next tick; the TTL bounds how long that may go on.
        () => {},
      );
    }, this.options.heartbeatMs);
    timer.unref();
    this.heartbeats.add(timer);
    return {
      sessionId,
      token,
      ...(lastSequence === undefined ? {} : { lastSequence }),
      get lost() {
        return lost;
      },
      release: async () => {
        if (released) return;
        released = true;
        stop();
        // Only our own token is freed: a lease taken over meanwhile stays with its new holder.
        await this.ctx.query({
          name: this.ctx.statement('lease_release'),
          pipeline: true,
          text: `UPDATE ${this.ctx.q}.session_leases SET expires_at = '-infinity' WHERE session_id = $1 AND token = $2`,
          values: [sessionId, token],
        });
        this.wakers.get(sessionId)?.();
      },
    };
  }

  private async renew(sessionId: SessionId, token: number): Promise<boolean> {
    const { rowCount } = await this.ctx.query({
      name: this.ctx.statement('lease_renew'),
      pipeline: true,
      text: `UPDATE ${this.ctx.q}.session_leases SET expires_at = now() + $3::integer * interval '1 millisecond'
             WHERE session_id = $1 AND token = $2 AND expires_at > now()`,
      values: [sessionId, token, this.options.ttlMs],
    });
    return (rowCount ?? 0) > 0;
  }
}

function cancelled(sessionId: SessionId, signal: AbortSignal | undefined): CancelledError {
  return new CancelledError(`waiting for the lease of ${sessionId} was cancelled`, { cause: signal?.reason });
}

/** Waits for `promise`, or rejects with `CancelledError` when `signal` aborts first. */
function untilOrAborted(promise: Promise<void>, sessionId: SessionId, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(cancelled(sessionId, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}
