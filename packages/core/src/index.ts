// Ids
export * from './ids/index.js';
export * from './errors.js';
// Domain
export * from './domain/timestamp.js';
export * from './domain/status.js';
export * from './domain/initial-file.js';
export * from './domain/network-access.js';
export * from './domain/capability-config.js';
export * from './domain/tool-definition.js';
export * from './domain/harness.js';
export * from './domain/agent.js';
export * from './domain/session.js';
export * from './domain/overlay.types.js';
// Messages
export * from './messages/content-part.js';
export * from './messages/message.js';
export * from './messages/llm-message.js';
// Events
export * from './events/usage.js';
export * from './events/context.js';
export * from './events/catalogue.js';
export * from './events/event.js';
export * from './events/message-projection.js';
// Interfaces
export * from './stores/entity-stores.js';
export * from './stores/provider-store.js';
export * from './stores/history-store.js';
export * from './stores/session-storage-store.js';
export * from './stores/memory-store.js';
export * from './stores/session-lease.js';
export * from './bus/event-bus.js';
export * from './files/session-file-system.js';
export * from './driver/driver.js';
export * from './driver/driver-registry.js';
export * from './tools/tool.js';
export * from './capabilities/capability.js';
export * from './capabilities/capability-registry.js';
export * from './runtime/backends.js';
