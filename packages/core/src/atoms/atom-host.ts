import type { LlmDriver } from '../driver/driver.js';
import type { EventContext } from '../events/context.js';
import type { Event, EventRequest } from '../events/event.js';
import type { SessionFileSystem } from '../files/session-file-system.js';
import type { MessageId, SessionId, TurnId } from '../ids/index.js';
import type { LlmMessage } from '../messages/llm-message.js';
import type { Message } from '../messages/message.js';
import type { MemoryStore } from '../stores/memory-store.js';
import type { SessionStorageStore } from '../stores/session-storage-store.js';
import type { RuntimeLogger, RuntimeOptions } from '../runtime/runtime-options.js';
import type { TurnAssembly } from '../runtime/turn-context.js';
import type { WorkSignal } from './work-signal.js';

/**
 * The port atoms run over: what they may read and the one way they write
 * (emitting events). The runtime implements it; another host (a worker, a
 * test) can too, which is what keeps the atoms free of backend code.
 */
export interface AtomHost {
  readonly sessionId: SessionId;
  readonly turnId: TurnId;
  readonly inputMessageId: MessageId;
  /** The turn's assembled context (computed once per turn). */
  readonly turn: TurnAssembly;
  readonly options: RuntimeOptions;
  /** Aborts when the turn is cancelled. */
  readonly signal: AbortSignal;
  /** The signal driver and tool calls run under (the turn's, plus stall aborts), shared by the turn's calls. */
  readonly work: WorkSignal;
  readonly driver: LlmDriver;
  readonly services: { files: SessionFileSystem; storage: SessionStorageStore; memory: MemoryStore; memoryScope: string };
  readonly logger: RuntimeLogger;
  /** The session's committed history, oldest first. */
  messages(): readonly Message[];
  /** The history as the driver gets it (system prompt first), equal to `buildLlmConversation`. */
  llmConversation(): readonly LlmMessage[];
  emit<R extends EventRequest>(request: R): Event<R['type']>;
  /** Commits the events emitted so far (used mid-atom only in `tool` durability). */
  flush(): Promise<void>;
  /** An atom context: the turn context plus a fresh exec id. */
  atomContext(): EventContext;
}
