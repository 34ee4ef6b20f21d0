import { CancelledError, type FenceToken, type SessionLease, type SessionLeaseManager, SessionId } from '@org/core';
import type { FenceChecker } from './fence-checker.js';
import { requireId } from './validate.js';

interface Waiter {
  grant(): void;
}

interface SessionLeaseState {
  /** Token of the lease currently held. */
  holder: number;
  /** Callers of `acquire` waiting for the lease, first come first served. */
  waiters: Waiter[];
}

/**
 * Exclusive per-session leases within one process. Waiters are served in
 * FIFO order, and a released lease passes straight to the next waiter, so
 * `tryAcquire` cannot barge in between. Tokens come from one counter, so they
 * grow per session as the contract requires. Pass the manager to
 * `MemoryHistoryStore` to have it refuse appends fenced with a lease that is
 * no longer held.
 */
export class MemoryLeaseManager implements SessionLeaseManager, FenceChecker {
  readonly #sessions = new Map<SessionId, SessionLeaseState>();
  #lastToken = 0;

  /** Waits for the session's lease; an aborted `signal` rejects with `CancelledError` and leaves the queue. */
  acquire(sessionId: SessionId, options: { signal?: AbortSignal } = {}): Promise<SessionLease> {
    requireId(SessionId, sessionId, 'session id');
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelled(sessionId, signal));
    const state = this.#sessions.get(sessionId);
    if (!state) return Promise.resolve(this.#grant(sessionId));
    return new Promise<SessionLease>((resolve, reject) => {
      const onAbort = () => {
        const index = state.waiters.indexOf(waiter);
        if (index >= 0) state.waiters.splice(index, 1);
        reject(cancelled(sessionId, signal));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#grant(sessionId, state));
        },
      };
      state.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The lease if it is free right now, else `undefined`. */
  async tryAcquire(sessionId: SessionId): Promise<SessionLease | undefined> {
    requireId(SessionId, sessionId, 'session id');
    return this.#sessions.has(sessionId) ? undefined : this.#grant(sessionId);
  }

  /** True while `fence` is the token of the session's held lease. */
  isCurrent(fence: FenceToken): boolean {
    return this.#sessions.get(fence.sessionId)?.holder === fence.token;
  }

  /** Whether the session's lease is held right now. */
  isHeld(sessionId: SessionId): boolean {
    return this.#sessions.has(sessionId);
  }

  #grant(sessionId: SessionId, existing?: SessionLeaseState): SessionLease {
    this.#lastToken += 1;
    const token = this.#lastToken;
    const state = existing ?? { holder: token, waiters: [] };
    state.holder = token;
    this.#sessions.set(sessionId, state);
    let released = false;
    return {
      sessionId,
      token,
      release: async () => {
        // Idempotent: a second release must never free someone else's lease.
        if (released) return;
        released = true;
        this.#release(sessionId, state, token);
      },
    };
  }

  #release(sessionId: SessionId, state: SessionLeaseState, token: number): void {
    if (state.holder !== token || this.#sessions.get(sessionId) !== state) return;
    const next = state.waiters.shift();
    if (next) next.grant();
    else this.#sessions.delete(sessionId);
  }
}

function cancelled(sessionId: SessionId, signal: AbortSignal | undefined): CancelledError {
  return new CancelledError(`waiting for the lease of ${sessionId} was cancelled`, { cause: signal?.reason });
}
