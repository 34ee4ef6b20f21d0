import { buildLlmConversation, isErrorPlaceholder } from './conversation.js';
import type { LlmMessage } from './llm-message.js';
import type { Message } from './message.js';

/**
 * Builds the LLM conversation of a growing message list without redoing the
 * whole history at every reason step. Messages up to the last *settled* point
 * (every tool call before it has its result) are converted once and kept;
 * only the unsettled tail is converted per call. The output equals
 * `buildLlmConversation(messages, { systemPrompt })`, because a settled
 * prefix converts the same alone as within the whole list.
 *
 * Bound to one append-only message array: a different array (or a shorter
 * one) starts over.
 */
export class IncrementalConversation {
  #source: readonly Message[] | undefined;
  #converted = 0;
  #prefix: LlmMessage[] = [];
  // The same system message object while the prompt is unchanged: consumers may key caches on message identity.
  #system: LlmMessage | undefined;

  build(messages: readonly Message[], systemPrompt: string): LlmMessage[] {
    if (messages !== this.#source || messages.length < this.#converted) {
      this.#source = messages;
      this.#converted = 0;
      this.#prefix = [];
    }
    const settled = settledLength(messages, this.#converted);
    if (settled > this.#converted) {
      for (const m of buildLlmConversation(messages.slice(this.#converted, settled))) this.#prefix.push(m);
      this.#converted = settled;
    }
    const tail = settled < messages.length ? buildLlmConversation(messages.slice(settled)) : [];
    if (systemPrompt.trim() === '') return this.#prefix.concat(tail);
    if (this.#system?.content !== systemPrompt) this.#system = { role: 'system', content: systemPrompt };
    return [this.#system].concat(this.#prefix, tail);
  }
}

/** The length of the longest prefix, from `from` on, after which no tool call is waiting for its result. */
function settledLength(messages: readonly Message[], from: number): number {
  const open = new Set<string>();
  let settled = from;
  for (let i = from; i < messages.length; i++) {
    const message = messages[i] as Message;
    // A new user message ends the previous turn: a call still open then never gets a result (it is patched as dangling).
    if (message.role === 'user') open.clear();
    else if (message.role === 'agent' && !isErrorPlaceholder(message)) {
      for (const part of message.content) if (part.type === 'tool_call') open.add(part.id);
    } else if (message.role === 'tool_result') {
      for (const part of message.content) if (part.type === 'tool_result') open.delete(part.toolCallId);
    }
    if (open.size === 0) settled = i + 1;
  }
  return settled;
}
