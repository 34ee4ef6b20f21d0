import type { LlmMessage } from '@org/core';

/** The simulator's token estimate of a text: a quarter of its length, at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.floor(text.length / 4));
}

/** The text of a driver message: the string content, or its text parts joined. */
export function llmMessageText(message: LlmMessage): string {
  if (typeof message.content === 'string') return message.content;
  let text = '';
  for (const part of message.content) if (part.type === 'text') text += part.text;
  return text;
}

// Runtimes hand the same message objects to every call of a session (the settled history is reused),
// so a per-object cache makes the estimate of a long history cheap.
const perMessage = new WeakMap<LlmMessage, number>();

/** Prompt tokens of a call: the sum over its messages of `estimateTokens(text)` (each message counts at least 1). */
export function estimatePromptTokens(messages: readonly LlmMessage[]): number {
  let total = 0;
  for (const message of messages) {
    let tokens = perMessage.get(message);
    if (tokens === undefined) {
      tokens = estimateTokens(llmMessageText(message));
      perMessage.set(message, tokens);
    }
    total += tokens;
  }
  return total;
}
