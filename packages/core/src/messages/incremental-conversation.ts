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
 * When there is no unsettled tail (the usual case) the same append-only
 * array is handed out at every call and grows as the history does, so a
 * reason step costs no copy of the history (the driver contract: the array
 * is the runtime's; copy it to keep it). With a tail, or a changed system
 * prompt, a fresh array is built.
 *
 * Bound to one append-only message array: a different array (or a shorter
 * one) starts over.
 */
export class IncrementalConversation {
  #source: readonly Message[] | undefined;
  #converted = 0;
  /** `[system message?, ...the settled messages converted]`, handed out while there is no tail; only ever appended to. */
  #shared: LlmMessage[] = [];
  #sharedPrompt = '';

  build(messages: readonly Message[], systemPrompt: string): readonly LlmMessage[] {
    if (messages !== this.#source || messages.length < this.#converted) {
      this.#source = messages;
      this.#converted = 0;
      this.#shared = withSystemMessage(systemPrompt, []);
      this.#sharedPrompt = systemPrompt;
    } else if (this.#sharedPrompt !== systemPrompt) {
      // Consumers may key caches on message identity: the converted messages stay the same objects.
      const settledPart = hasSystemMessage(this.#sharedPrompt) ? this.#shared.slice(1) : this.#shared;
      this.#shared = withSystemMessage(systemPrompt, settledPart);
      this.#sharedPrompt = systemPrompt;
    }
    const settled = settledLength(messages, this.#converted);
    if (settled > this.#converted) {
      for (const m of buildLlmConversation(messages.slice(this.#converted, settled))) this.#shared.push(m);
      this.#converted = settled;
    }
    if (settled === messages.length) return this.#shared;
    // An unsettled tail may still change: it never joins the shared array.
    return this.#shared.concat(buildLlmConversation(messages.slice(settled)));
  }
}

function hasSystemMessage(systemPrompt: string): boolean {
  return systemPrompt.trim() !== '';
}

/** A new array: the system message (when the prompt is not blank), then `rest`. */
function withSystemMessage(systemPrompt: string, rest: readonly LlmMessage[]): LlmMessage[] {
  return hasSystemMessage(systemPrompt) ? [{ role: 'system', content: systemPrompt }, ...rest] : [...rest];
}

const openCalls = new Set<string>();

/** The length of the longest prefix, from `from` on, after which no tool call is waiting for its result. */
function settledLength(messages: readonly Message[], from: number): number {
  // One scratch set for every call (the function is synchronous): the call runs at every reason step. It is left
  // empty, and cleared only when it is not: `Set#clear` allocates a fresh table even for an empty set.
  const open = openCalls;
  let settled = from;
  for (let i = from; i < messages.length; i++) {
    const message = messages[i] as Message;
    // A new user message ends the previous turn: a call still open then never gets a result (it is patched as dangling).
    if (message.role === 'user') {
      if (open.size > 0) open.clear();
    }
    else if (message.role === 'agent' && !isErrorPlaceholder(message)) {
      for (const part of message.content) if (part.type === 'tool_call') open.add(part.id);
    } else if (message.role === 'tool_result') {
      for (const part of message.content) if (part.type === 'tool_result') open.delete(part.toolCallId);
    }
    if (open.size === 0) settled = i + 1;
  }
  if (open.size > 0) open.clear();
  return settled;
}
