import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CancelledError, type SessionLease, type SessionLeaseManager, SessionId } from '@org/core';
import { z } from 'zod';
import type { PostgresContext } from './postgres-context.js';
import { requireId, validate } from './validation.js';

/** Options of {@link PostgresLeaseManager}. */
export const PostgresLeaseOptions = z.object({
  /** How long a lease lives without a heartbeat (default 30 s): the longest a crashed holder blocks its session. */
  ttlMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** Heartbeat period (default ttlMs / 3). */
  heartbeatMs: z.number().int().positive().optional(),
  /** First wait between attempts while the lease is taken (default 10 ms), doubling up to `maxPollMs`. */
  pollMs: z.number().int().positive().default(10),
  /** Longest wait between attempts (default 250 ms). */
  maxPollMs: z.number().int().positive().default(250),
  /** Who holds the lease, shown in `session_leases.holder` (default host:pid:random). */
  holder: z.string().min(1).max(200).optional(),
});
export type PostgresLeaseOptions = z.input<typeof PostgresLeaseOptions>;

/** A lease held through {@link PostgresLeaseManager}. */
export interface PostgresSessionLease extends SessionLease {
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
 * writes nothing. Waiting is by polling with exponential backoff.
 */
export class PostgresLeaseManager implements SessionLeaseManager {
  private readonly options: z.output<typeof PostgresLeaseOptions> & { heartbeatMs: number; holder: string };
  private readonly heartbeats = new Set<NodeJS.Timeout>();
  private readonly acquireSql: string;

  constructor(
    private readonly ctx: PostgresContext,
    options: PostgresLeaseOptions = {},
  ) {
    const parsed = validate(PostgresLeaseOptions, options, 'lease options');
    this.options = {
      ...parsed,
      heartbeatMs: parsed.heartbeatMs ?? Math.max(50, Math.floor(parsed.ttlMs / 3)),
      holder: parsed.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    };
    const q = ctx.q;
    this.acquireSql = `INSERT INTO ${q}.session_leases AS l (session_id, token, holder, expires_at)
      VALUES ($1, nextval('${q}.lease_tokens'::regclass), $2, now() + $3::integer * interval '1 millisecond')
      ON CONFLICT (session_id) DO UPDATE SET token = EXCLUDED.token, holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
      WHERE l.expires_at <= now()
      RETURNING token`;
  }

  /** Waits (polling with backoff) until the lease is free; an aborted `signal` rejects with `CancelledError`. */
  async acquire(sessionId: SessionId, options: { signal?: AbortSignal } = {}): Promise<PostgresSessionLease> {
    requireId(SessionId, sessionId, 'session id');
    const { signal } = options;
    let delay = this.options.pollMs;
    for (;;) {
      if (signal?.aborted) throw cancelled(sessionId, signal);
      const lease = await this.tryAcquire(sessionId);
      if (lease) {
        if (!signal?.aborted) return lease;
        await lease.release();
        throw cancelled(sessionId, signal);
      }
      await sleep(delay + Math.floor(Math.random() * delay), signal);
      delay = Math.min(delay * 2, this.options.maxPollMs);
    }
  }

  /** One attempt (one statement): the lease if it is free or expired, else `undefined`. */
  async tryAcquire(sessionId: SessionId): Promise<PostgresSessionLease | undefined> {
    requireId(SessionId, sessionId, 'session id');
    const { rows } = await this.ctx.query<{ token: string }>({
      name: this.ctx.statement('lease_acquire'),
      text: this.acquireSql,
      values: [sessionId, this.options.holder, this.options.ttlMs],
    });
    const row = rows[0];
    return row ? this.held(sessionId, Number(row.token)) : undefined;
  }

  /** Stops every heartbeat (leases still held then expire after their TTL). */
  close(): void {
    for (const timer of this.heartbeats) clearInterval(timer);
    this.heartbeats.clear();
  }

  private held(sessionId: SessionId, token: number): PostgresSessionLease {
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
          text: `UPDATE ${this.ctx.q}.session_leases SET expires_at = '-infinity' WHERE session_id = $1 AND token = $2`,
          values: [sessionId, token],
        });
      },
    };
  }

  private async renew(sessionId: SessionId, token: number): Promise<boolean> {
    const { rowCount } = await this.ctx.query({
      name: this.ctx.statement('lease_renew'),
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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
