import { SessionId, type SessionLease, type SessionLeaseManager } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { useTarget } from './use-target.js';

/** Records when a pending acquire settles, without awaiting it. */
function track(promise: Promise<SessionLease>) {
  const state: { lease?: SessionLease; error?: unknown } = {};
  const settled = promise.then(
    (lease) => {
      state.lease = lease;
      return lease;
    },
    (error: unknown) => {
      state.error = error;
      throw error;
    },
  );
  return { state, settled };
}

/**
 * The `SessionLeaseManager` contract: mutual exclusion per session, FIFO
 * hand-over, growing tokens, `tryAcquire`, abort with `CancelledError`.
 */
export function describeSessionLeaseManagerConformance(target: ConformanceTarget<SessionLeaseManager>): void {
  describe(`SessionLeaseManager conformance: ${target.name}`, () => {
    const leases = useTarget(target);

    it('grants a free lease at once, for the session asked', async () => {
      const sessionId = SessionId.generate();
      const lease = await leases().acquire(sessionId);
      expect(lease.sessionId).toBe(sessionId);
      expect(Number.isFinite(lease.token)).toBe(true);
      await lease.release();
    });

    it('excludes a second holder until the first releases, and tokens grow', async () => {
      const sessionId = SessionId.generate();
      const first = await leases().acquire(sessionId);
      expect(await leases().tryAcquire(sessionId)).toBeUndefined();
      const second = track(leases().acquire(sessionId));
      await first.release();
      const granted = await second.settled;
      expect(granted.token).toBeGreaterThan(first.token);
      expect(await leases().tryAcquire(sessionId)).toBeUndefined();
      await granted.release();
      const third = await leases().tryAcquire(sessionId);
      expect(third?.token).toBeGreaterThan(granted.token);
      await third?.release();
    });

    it('serves waiters first come, first served', async () => {
      const sessionId = SessionId.generate();
      const holder = await leases().acquire(sessionId);
      const b = track(leases().acquire(sessionId));
      const c = track(leases().acquire(sessionId));
      await holder.release();
      // Race the two so an out-of-order grant fails at once instead of hanging.
      const first = await Promise.race([b.settled.then((lease) => ({ name: 'b', lease })), c.settled.then((lease) => ({ name: 'c', lease }))]);
      expect(first.name).toBe('b');
      expect(c.state.lease).toBeUndefined();
      await first.lease.release();
      const leaseC = await c.settled;
      expect(leaseC.token).toBeGreaterThan(first.lease.token);
      await leaseC.release();
    });

    it('keeps sessions independent', async () => {
      const a = await leases().acquire(SessionId.generate());
      const b = await leases().tryAcquire(SessionId.generate());
      expect(b).toBeDefined();
      await a.release();
      await b?.release();
    });

    it('ignores a second release, which must not free a later holder', async () => {
      const sessionId = SessionId.generate();
      const first = await leases().acquire(sessionId);
      await first.release();
      const second = await leases().acquire(sessionId);
      await first.release();
      expect(await leases().tryAcquire(sessionId)).toBeUndefined();
      await second.release();
    });

    it('rejects a waiting acquire with CancelledError when its signal aborts, and drops it from the queue', async () => {
      const sessionId = SessionId.generate();
      const holder = await leases().acquire(sessionId);
      const controller = new AbortController();
      const waiting = leases().acquire(sessionId, { signal: controller.signal });
      controller.abort();
      await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
      await holder.release();
      const next = await leases().tryAcquire(sessionId);
      expect(next).toBeDefined();
      await next?.release();
    });

    it('rejects at once when the signal is already aborted', async () => {
      const sessionId = SessionId.generate();
      await expect(leases().acquire(sessionId, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
      const lease = await leases().tryAcquire(sessionId);
      expect(lease).toBeDefined();
      await lease?.release();
    });
  });
}
