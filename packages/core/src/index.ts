// Ids
export * from './ids/index.js';
export * from './errors.js';
export * from './validation.js';
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
export * from './events/check-event.js';
export { deepFreezeJson, isSealedBatch } from './events/sealed-event.js';
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
export * from './files/errors.js';
export * from './files/session-path.js';
export * from './files/content-hash.js';
export * from './files/file-content.js';
export * from './files/glob.js';
export * from './files/limits.js';
export * from './files/grep-search.js';
// Pure domain logic: overlay fold, network matching, prompts, builders, LLM conversation
export * from './domain/network-access-match.js';
export * from './domain/overlay.js';
export * from './domain/system-prompt.js';
export * from './domain/entity-builder.js';
export * from './domain/harness-builder.js';
export * from './domain/agent-builder.js';
export * from './domain/session-builder.js';
export * from './messages/conversation.js';
// Turn engine and runtime
export * from './turn/turn-state.js';
export * from './turn/turn-result.js';
export * from './turn/turn-replay.js';
export * from './atoms/atom-host.js';
export * from './atoms/input-atom.js';
export * from './atoms/reason-atom.js';
export * from './atoms/act-atom.js';
export { INTERNAL_TOOL_ERROR, type ToolInvocationResult } from './atoms/tool-invocation.js';
export * from './runtime/runtime-options.js';
export * from './runtime/session-event-writer.js';
export { assembleTurnContext, resolveModel, type AssembledTurnContext, type RuntimeAgent, type ExecutableTool, type TurnAssembly } from './runtime/turn-context.js';
export { Runtime, type RuntimeConfig, type TurnOptions, type TurnStream } from './runtime/runtime.js';
export { RuntimeBuilder } from './runtime/runtime-builder.js';
export { SingleSessionBuilder } from './runtime/single-session-builder.js';
export * from './tools/tool-definition-of.js';
export * from './capabilities/builtin/index.js';
