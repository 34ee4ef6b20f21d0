import type { ToolDefinition } from '../domain/tool-definition.js';
import type { LlmMessage } from '../messages/llm-message.js';
import type { ToolCall } from '../messages/content-part.js';
import type { ResolvedModel } from '../stores/provider-store.js';

/** What one LLM call is configured with. */
export interface LlmCallConfig {
  model: string;
  temperature?: number;
  maxTokens?: number;
  tools: ToolDefinition[];
  reasoningEffort?: string;
  /** Ids describing the call: sessionId, harnessId, turnId, execId, orgId, agentId?, modelId?. */
  metadata: Record<string, string>;
  previousResponseId?: string;
}

/** Metadata that ends a successful stream. */
export interface LlmDoneMetadata {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  model?: string;
  finishReason?: string;
  responseId?: string;
  phase?: 'commentary' | 'final_answer';
}

/** One item of a driver's stream. `tool-calls` carries the complete list (the last one wins). */
export type LlmStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'thinking-delta'; text: string }
  | { type: 'thinking-signature'; signature: string }
  | { type: 'tool-calls'; toolCalls: ToolCall[] }
  | { type: 'done'; metadata: LlmDoneMetadata }
  | { type: 'error'; error: DriverError };

/** How a provider failure behaves under retry. */
export type DriverErrorKind =
  | 'rate_limit'
  | 'timeout'
  | 'overloaded'
  | 'transport'
  | 'stall'
  | 'authentication'
  | 'invalid_request'
  | 'invalid_response'
  | 'quota_exhausted'
  | 'unsupported_model'
  | 'model_unavailable'
  | 'context_too_long'
  | 'other';

const TRANSIENT: ReadonlySet<DriverErrorKind> = new Set(['rate_limit', 'timeout', 'overloaded', 'transport', 'stall']);

/** A provider failure. `retryable` says whether the runtime may try the call again. */
export class DriverError extends Error {
  override name = 'DriverError';
  readonly kind: DriverErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(message: string, options: { kind?: DriverErrorKind; status?: number; retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.kind = options.kind ?? 'other';
    this.status = options.status;
    this.retryable = options.retryable ?? TRANSIENT.has(this.kind);
  }
}

/**
 * An LLM provider. Implementations stream one call's output.
 *
 * Contract: `stream` yields zero or more text/thinking deltas, at most one
 * effective `tool-calls` list (the last one wins), then exactly one `done` or
 * one `error` (or throws a {@link DriverError}). It stops promptly when
 * `signal` aborts. It must not mutate `messages`; the array belongs to the
 * runtime and may grow after the call, so a driver that keeps it (a log, a
 * capture) copies it. `signal` speaks for this call only: once the call is
 * over and nothing listens to it any more, the runtime may hand it to a later
 * call.
 */
export interface LlmDriver {
  readonly specificationVersion: 'v1';
  /** Provider type this driver speaks, e.g. `llmsim`. */
  readonly provider: string;
  stream(messages: readonly LlmMessage[], config: LlmCallConfig, options: { signal: AbortSignal }): AsyncIterable<LlmStreamEvent>;
}

/** Builds a driver for a resolved model. */
export type DriverFactory = (model: ResolvedModel) => LlmDriver;
