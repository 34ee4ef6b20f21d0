export { describeAgentStoreConformance } from './agent-store.conformance.js';
export { makeAgent, makeHarness, makeSession } from './entity-factory.js';
export {
  agentMessageEvent,
  deltaEvent,
  type EventOverrides,
  makeEvent,
  progressEvent,
  progressEvents,
  toolCompletedEvent,
  userMessageEvent,
} from './event-factory.js';
export { describeHarnessStoreConformance } from './harness-store.conformance.js';
export { describeHistoryFencingConformance, type FencedHistory } from './history-fencing.conformance.js';
export { describeHistoryStoreConformance } from './history-store.conformance.js';
export { describeMemoryStoreConformance } from './memory-store.conformance.js';
export { describeProviderStoreConformance } from './provider-store.conformance.js';
export { describeSessionLeaseManagerConformance } from './session-lease.conformance.js';
export { describeSessionStoreConformance } from './session-store.conformance.js';
export { describeSessionStorageStoreConformance } from './session-storage-store.conformance.js';
export { describeStoresConformance } from './stores-conformance.js';
export { useTarget } from './use-target.js';
