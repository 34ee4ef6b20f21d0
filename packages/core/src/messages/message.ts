import { z } from 'zod';
import { MessageId, ModelId } from '../ids/index.js';
import { now, Timestamp } from '../domain/timestamp.js';
import { ContentPart, type ToolCall, type ToolResultImage } from './content-part.js';

/** Who wrote a message. `assistant` is accepted when reading and means `agent`. */
export const MessageRole = z.preprocess((v) => (v === 'assistant' ? 'agent' : v), z.enum(['system', 'user', 'agent', 'tool_result']));
export type MessageRole = 'system' | 'user' | 'agent' | 'tool_result';

/** Per-message controls, meaningful on user messages. */
export const MessageControls = z.object({
  modelId: ModelId.schema.optional(),
  reasoning: z.object({ effort: z.string() }).optional(),
  locale: z.string().optional(),
});
export type MessageControls = z.output<typeof MessageControls>;

/** A stored conversation message. */
export const Message = z.object({
  id: MessageId.schema,
  role: MessageRole,
  content: z.array(ContentPart),
  phase: z.enum(['commentary', 'final_answer']).optional(),
  thinking: z.string().optional(),
  thinkingSignature: z.string().optional(),
  controls: MessageControls.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  externalActor: z.string().optional(),
  createdAt: Timestamp,
});
export type Message = z.output<typeof Message>;

/** What callers send to start a turn. Strings are accepted wherever an InputMessage is. */
export const InputMessage = z.object({
  role: z.literal('user').default('user'),
  content: z.array(ContentPart).min(1, 'an input message needs at least one content part'),
  controls: MessageControls.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.string()).optional(),
  externalActor: z.string().optional(),
});
export type InputMessage = z.output<typeof InputMessage>;
export type InputMessageInput = z.input<typeof InputMessage>;

/** Turns a string or an input-message object into a validated {@link InputMessage}. */
export function toInputMessage(input: string | InputMessageInput): InputMessage {
  if (typeof input === 'string') return { role: 'user', content: [{ type: 'text', text: input }] };
  return InputMessage.parse(input);
}

/** Message constructors, mirroring the original's helpers. */
export const Messages = {
  user(textValue: string, id: MessageId = MessageId.generate()): Message {
    return { id, role: 'user', content: [{ type: 'text', text: textValue }], createdAt: now() };
  },
  agent(textValue: string, id: MessageId = MessageId.generate()): Message {
    return { id, role: 'agent', content: [{ type: 'text', text: textValue }], createdAt: now() };
  },
  /** An agent message with tool calls; an empty text part is left out (whitespace-only text is kept). */
  agentWithTools(textValue: string, toolCalls: readonly ToolCall[], id: MessageId = MessageId.generate()): Message {
    // Built at their exact size (not pushed into []): stored messages live long, and a pushed array keeps ~17 slots.
    const calls = toolCalls.map((call): ContentPart => ({ type: 'tool_call', ...call }));
    const content: ContentPart[] = textValue === '' ? calls : [{ type: 'text', text: textValue } as ContentPart].concat(calls);
    return { id, role: 'agent', content, createdAt: now() };
  },
  toolResult(toolCallId: string, result: unknown, error?: string, id: MessageId = MessageId.generate()): Message {
    const part: ContentPart = { type: 'tool_result', toolCallId, result };
    if (error !== undefined) part.error = error;
    return { id, role: 'tool_result', content: [part], createdAt: now() };
  },
  toolResultWithImages(toolCallId: string, result: unknown, images: readonly ToolResultImage[], id?: MessageId): Message {
    const message = Messages.toolResult(toolCallId, result, undefined, id);
    for (const image of images) message.content.push({ type: 'image', base64: image.base64, mediaType: image.mediaType });
    return message;
  },
};

/** The most recent user message of a history, if any. */
export function lastUserMessage(messages: readonly Message[]): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return messages[i];
  return undefined;
}

/** The concatenated text parts of a message. */
export function messageText(message: Pick<Message, 'content'>): string {
  let out = '';
  for (const part of message.content) if (part.type === 'text') out += part.text;
  return out;
}
