import type { RuntimeBackends } from '@org/core';
import { afterAll, describe, it } from 'vitest';
import { describeEventBusConformance } from '../bus/event-bus.conformance.js';
import type { ConformanceTarget } from '../conformance-target.js';
import { describeAgentStoreConformance } from './agent-store.conformance.js';
import { describeHarnessStoreConformance } from './harness-store.conformance.js';
import { describeHistoryFencingConformance } from './history-fencing.conformance.js';
import { describeHistoryStoreConformance } from './history-store.conformance.js';
import { describeMemoryStoreConformance } from './memory-store.conformance.js';
import { describeProviderStoreConformance } from './provider-store.conformance.js';
import { describeSessionLeaseManagerConformance } from './session-lease.conformance.js';
import { describeSessionStoreConformance } from './session-store.conformance.js';
import { describeSessionStorageStoreConformance } from './session-storage-store.conformance.js';

/**
 * Runs every store, lease and bus suite for the members the backends bundle
 * has, plus the fencing suite when it has both `history` and `leases`.
 *
 * Unlike the single suites, this calls `create` once while **collecting**
 * tests (it must know which members exist) and shares that one bundle among
 * all suites; `destroy` runs after them. If `create` throws, one failing test
 * reports it. The bus suite closes the bus in its last test.
 */
export function describeStoresConformance(target: ConformanceTarget<Partial<RuntimeBackends>>): void {
  describe(`stores conformance: ${target.name}`, async () => {
    let backends: Partial<RuntimeBackends>;
    try {
      backends = await target.create();
    } catch (error) {
      it('creates the backends bundle', () => {
        throw error;
      });
      return;
    }
    afterAll(async () => {
      await target.destroy?.(backends);
    });
    const member = <M>(value: M): ConformanceTarget<M> => ({ name: target.name, create: () => value });
    const { harnesses, agents, sessions, history, providers, storage, memory, bus, leases } = backends;
    if (harnesses) describeHarnessStoreConformance(member(harnesses));
    if (agents) describeAgentStoreConformance(member(agents));
    if (sessions) describeSessionStoreConformance(member(sessions));
    if (history) describeHistoryStoreConformance(member(history));
    if (history && leases) describeHistoryFencingConformance(member({ history, leases }));
    if (providers) describeProviderStoreConformance(member(providers));
    if (storage) describeSessionStorageStoreConformance(member(storage));
    if (memory) describeMemoryStoreConformance(member(memory));
    if (leases) describeSessionLeaseManagerConformance(member(leases));
    if (bus) describeEventBusConformance(member(bus));
  });
}
