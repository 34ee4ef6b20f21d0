import { z } from 'zod';
import { AgentId, HarnessId, MessageId, ModelId, TurnId } from '../ids/index.js';
import { ContentPart, ToolCall } from '../messages/content-part.js';
import { Message } from '../messages/message.js';
import { TokenUsage } from './usage.js';

const ToolCallSummary = z.object({ id: z.string(), name: z.string(), displayName: z.string().optional(), narration: z.string().optional() });

/** Payload schema of every event type, keyed by the wire type string. */
export const EventDataSchemas = {
  'input.message': z.object({ message: Message }),
  'output.message.started': z.object({ turnId: TurnId.schema, model: z.string().optional(), iteration: z.number().int().optional() }),
  'output.message.delta': z.object({ turnId: TurnId.schema, delta: z.string(), accumulated: z.string() }),
  'output.message.completed': z.object({
    message: Message,
    metadata: z.object({ model: z.string().optional(), modelId: z.string().optional(), providerId: z.string().optional() }).optional(),
    usage: TokenUsage.optional(),
    errorCode: z.string().optional(),
    errorFields: z.record(z.string(), z.unknown()).optional(),
  }),
  'turn.started': z.object({ turnId: TurnId.schema, inputMessageId: MessageId.schema, inputContent: z.array(ContentPart).optional() }),
  'turn.completed': z.object({
    turnId: TurnId.schema,
    iterations: z.number().int(),
    durationMs: z.number().optional(),
    usage: TokenUsage.optional(),
    finalMessageId: MessageId.schema.optional(),
    finalAnswerPreview: z.string().optional(),
    timeToFirstTokenMs: z.number().optional(),
    toolCallCount: z.number().int(),
    llmCallCount: z.number().int(),
    stopReason: z.enum(['end_turn', 'max_tokens', 'max_turn_requests', 'refusal']),
    status: z.literal('completed'),
  }),
  'turn.failed': z.object({
    turnId: TurnId.schema,
    error: z.string(),
    errorCode: z.string().optional(),
    errorFields: z.record(z.string(), z.unknown()).optional(),
    usage: TokenUsage.optional(),
  }),
  'turn.cancelled': z.object({ turnId: TurnId.schema, reason: z.string().optional(), usage: TokenUsage.optional() }),
  'reason.started': z.object({ harnessId: HarnessId.schema, agentId: AgentId.schema.optional(), iteration: z.number().int().optional() }),
  'reason.completed': z.object({
    success: z.boolean(),
    textPreview: z.string().optional(),
    hasToolCalls: z.boolean(),
    toolCallCount: z.number().int(),
    error: z.string().optional(),
    durationMs: z.number().optional(),
    usage: TokenUsage.optional(),
  }),
  'reason.thinking.started': z.object({ turnId: TurnId.schema, model: z.string().optional() }),
  'reason.thinking.delta': z.object({ turnId: TurnId.schema, delta: z.string(), accumulated: z.string() }),
  'reason.thinking.completed': z.object({ turnId: TurnId.schema, thinking: z.string() }),
  'act.started': z.object({ toolCalls: z.array(ToolCallSummary), headline: z.string().optional() }),
  'act.completed': z.object({
    completed: z.boolean(),
    successCount: z.number().int(),
    errorCount: z.number().int(),
    durationMs: z.number().optional(),
    headline: z.string().optional(),
  }),
  'tool.started': z.object({ toolCall: ToolCall, displayName: z.string().optional(), narration: z.string().optional() }),
  'tool.completed': z.object({
    toolCallId: z.string(),
    toolName: z.string(),
    success: z.boolean(),
    status: z.enum(['success', 'error', 'timeout', 'cancelled']),
    result: z.array(ContentPart).optional(),
    error: z.string().optional(),
    durationMs: z.number().optional(),
    capabilityId: z.string().optional(),
    capabilityName: z.string().optional(),
    displayName: z.string().optional(),
  }),
  'tool.progress': z.object({ toolCallId: z.string(), toolName: z.string(), message: z.string(), displayName: z.string().optional() }),
  'tool.output.delta': z.object({ toolCallId: z.string(), toolName: z.string(), delta: z.string(), stream: z.enum(['stdout', 'stderr']) }),
  'tool.call_requested': z.object({ toolCalls: z.array(ToolCall), toolSummaries: z.array(ToolCallSummary), headline: z.string().optional() }),
  'llm.generation': z.object({
    /** Number of messages sent (the conversation itself is only copied when full capture is on). */
    messageCount: z.number().int(),
    messages: z.array(z.unknown()).optional(),
    toolNames: z.array(z.string()),
    output: z.object({ text: z.string().optional(), toolCalls: z.array(ToolCall) }),
    metadata: z.object({
      model: z.string(),
      provider: z.string().optional(),
      usage: TokenUsage.optional(),
      durationMs: z.number().optional(),
      timeToFirstTokenMs: z.number().optional(),
      success: z.boolean(),
      error: z.string().optional(),
      finishReasons: z.array(z.string()),
      responseId: z.string().optional(),
      retry: z.object({ attempts: z.number().int(), totalWaitMs: z.number() }).optional(),
    }),
  }),
  'capability.usage': z.object({ records: z.array(z.object({ capabilityId: z.string(), toolCount: z.number().int(), promptChars: z.number().int() })) }),
  'session.started': z.object({ harnessId: HarnessId.schema, agentId: AgentId.schema.optional(), modelId: ModelId.schema.optional() }),
  'session.activated': z.object({ turnId: TurnId.schema, inputMessageId: MessageId.schema }),
  'session.idled': z.object({ turnId: TurnId.schema, iterations: z.number().int().optional(), usage: TokenUsage.optional() }),
} as const;

/** Every event type string. */
export type EventType = keyof typeof EventDataSchemas;
export const EVENT_TYPES = Object.keys(EventDataSchemas) as EventType[];

/** The payload of an event of type `T`. */
export type EventData<T extends EventType = EventType> = z.output<(typeof EventDataSchemas)[T]>;

/**
 * Live-only events: delivered on the bus to current subscribers, never written
 * to the durable log, and consuming no durable sequence number.
 */
export const EPHEMERAL_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'output.message.delta',
  'reason.thinking.delta',
  'tool.output.delta',
]);

export function isEphemeralType(type: EventType): boolean {
  return EPHEMERAL_EVENT_TYPES.has(type);
}
