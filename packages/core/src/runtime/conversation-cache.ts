import type { Event } from '../events/event.js';
import { messageFromEvent } from '../events/message-projection.js';
import type { SessionId } from '../ids/index.js';
import { IncrementalConversation } from '../messages/incremental-conversation.js';
import type { Message } from '../messages/message.js';
import type { HistoryStore } from '../stores/history-store.js';

interface CachedConversation {
  lastSequence: number;
  messages: Message[];
  /** The LLM-facing form, built incrementally as `messages` grows. */
  llm: IncrementalConversation;
}

/** A session's cached history. */
export interface SessionConversation {
  messages: Message[];
  llm: IncrementalConversation;
}

/**
 * Keeps recently used sessions' message lists in process, so a turn does not
 * reload (and copy) the whole history from the store at every step. An entry
 * is trusted only while its last sequence equals the store's, so appends by
 * other processes are picked up. Least recently used sessions are evicted.
 */
export class ConversationCache {
  readonly #entries = new Map<SessionId, CachedConversation>();
  #mostRecent: SessionId | undefined;

  constructor(
    private readonly history: HistoryStore,
    private readonly capacity = 256,
  ) {}

  /** The session's messages as of `lastSequence` (the store's current last sequence). */
  async load(sessionId: SessionId, lastSequence: number): Promise<SessionConversation> {
    const cached = this.#entries.get(sessionId);
    if (cached && cached.lastSequence === lastSequence) {
      // Most recently used last (re-inserting costs two map operations, so not when it is last already).
      if (this.#mostRecent !== sessionId) {
        this.#entries.delete(sessionId);
        this.#entries.set(sessionId, cached);
        this.#mostRecent = sessionId;
      }
      return cached;
    }
    const messages = lastSequence === 0 ? [] : await this.history.messages(sessionId);
    const entry = { lastSequence, messages, llm: new IncrementalConversation() };
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, entry);
    this.#mostRecent = sessionId;
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as SessionId;
      this.#entries.delete(oldest);
    }
    return entry;
  }

  /** Applies a committed batch: appends the messages it implies. */
  apply(sessionId: SessionId, events: readonly Event[]): void {
    const cached = this.#entries.get(sessionId);
    if (!cached) return;
    // An index loop: `for…of` over the runtime's frozen batches allocates an iterator result per event on Node 20.
    for (let i = 0; i < events.length; i++) {
      const message = messageFromEvent(events[i] as Event);
      if (message) cached.messages.push(message);
    }
    const last = events[events.length - 1];
    if (last) cached.lastSequence = last.sequence;
  }
}
