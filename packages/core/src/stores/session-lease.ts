import type { SessionId } from '../ids/index.js';
import type { FenceToken } from './history-store.js';

/** A held session lease. Release it when the turn ends (also on failure). */
export interface SessionLease extends FenceToken {
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
