import type { SessionId } from '../ids/index.js';
import type { FenceToken } from './history-store.js';

/** A held session lease. Release it when the turn ends (also on failure). */
export interface SessionLease extends FenceToken {
  /**
   * The session's last durable event sequence when the lease was granted,
   * for managers that read it in the same round trip (optional). While the
   * lease is held nobody else can append, so the runtime uses it instead of
   * asking the history store.
   */
  readonly lastSequence?: number;
  release(): Promise<void>;
}

/**
 * Exclusive per-session leases, so two turns on one session never interleave
 * across processes.
 *
 * Contract: `acquire` waits until the lease is free (or `signal` aborts, which
 * rejects with `CancelledError`), then returns a lease whose `token` is greater
 * than any token handed out before for that session. `tryAcquire` returns
 * `undefined` instead of waiting. Stores that check fences reject writes
 * carrying an older token.
 */
export interface SessionLeaseManager {
  acquire(sessionId: SessionId, options?: { signal?: AbortSignal }): Promise<SessionLease>;
  tryAcquire(sessionId: SessionId): Promise<SessionLease | undefined>;
}
