import type { ToolCall } from './content-part.js';

/** A content part as drivers receive it. */
export type LlmContentPart = { type: 'text'; text: string } | { type: 'image'; url: string };

/** A message in the provider-neutral form handed to an LLM driver. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** A plain string when the message is a single text, otherwise a list of parts. */
  content: string | LlmContentPart[];
  toolCalls?: ToolCall[];
  toolCallId?: string;
  phase?: 'commentary' | 'final_answer';
  thinking?: string;
  thinkingSignature?: string;
}
