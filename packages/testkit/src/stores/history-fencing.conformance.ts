import { type HistoryStore, SessionId, type SessionLeaseManager } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { progressEvents } from './event-factory.js';
import { useTarget } from './use-target.js';

/** A history store and the lease manager whose fences it checks. */
export interface FencedHistory {
  history: HistoryStore;
  leases: SessionLeaseManager;
}

/** Fencing: a history store sharing state with a lease manager refuses writes under a superseded lease. */
export function describeHistoryFencingConformance(target: ConformanceTarget<FencedHistory>): void {
  describe(`HistoryStore fencing conformance: ${target.name}`, () => {
    const backends = useTarget(target);

    it('accepts appends fenced with the current lease', async () => {
      const sessionId = SessionId.generate();
      const lease = await backends().leases.acquire(sessionId);
      try {
        await backends().history.append(sessionId, progressEvents(sessionId, 1, 2), { fence: lease });
        expect(await backends().history.lastSequence(sessionId)).toBe(2);
      } finally {
        await lease.release();
      }
    });

    it('refuses an append fenced with a superseded lease with LeaseLostError and writes nothing', async () => {
      const sessionId = SessionId.generate();
      const old = await backends().leases.acquire(sessionId);
      await backends().history.append(sessionId, progressEvents(sessionId, 1, 1), { fence: old });
      await old.release();
      const current = await backends().leases.acquire(sessionId);
      try {
        expect(current.token).toBeGreaterThan(old.token);
        await expect(backends().history.append(sessionId, progressEvents(sessionId, 2, 1), { fence: old })).rejects.toMatchObject({ code: 'lease_lost' });
        expect(await backends().history.lastSequence(sessionId)).toBe(1);
        await backends().history.append(sessionId, progressEvents(sessionId, 2, 1), { fence: current });
        expect(await backends().history.lastSequence(sessionId)).toBe(2);
      } finally {
        await current.release();
      }
    });
  });
}
