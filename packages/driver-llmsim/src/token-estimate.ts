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

// Runtimes hand the same message objects to every call of a session (the settled history is reused and
// only grows), so the running totals of the last call of each conversation are kept, keyed by its first
// message: a call then costs an identity scan of the shared prefix plus the estimate of the new messages.
interface PrefixTotals {
  messages: readonly LlmMessage[];
  /** How long `messages` was then (a runtime may hand out one append-only array that grows). */
  length: number;
  /** totals[i] = tokens of messages[0..i]. */
  totals: number[];
}
const byFirstMessage = new WeakMap<LlmMessage, PrefixTotals>();

/** Prompt tokens of a call: the sum over its messages of `estimateTokens(text)` (each message counts at least 1). */
export function estimatePromptTokens(messages: readonly LlmMessage[]): number {
  const first = messages[0];
  if (!first) return 0;
  const previous = byFirstMessage.get(first);
  let shared = 0;
  let totals: number[] = [];
  if (previous) {
    const limit = Math.min(previous.length, messages.length);
    // The same append-only array, grown: its old part is unchanged. A different array: compare identities.
    if (previous.messages === messages) shared = limit;
    else while (shared < limit && previous.messages[shared] === messages[shared]) shared++;
    // The usual case extends the previous call: its totals array is taken over as it is.
    totals = shared === previous.length ? previous.totals : previous.totals.slice(0, shared);
  }
  for (let i = shared; i < messages.length; i++) totals[i] = (i === 0 ? 0 : (totals[i - 1] as number)) + estimateTokens(llmMessageText(messages[i] as LlmMessage));
  totals.length = messages.length;
  byFirstMessage.set(first, { messages, length: messages.length, totals });
  return totals[messages.length - 1] as number;
}
