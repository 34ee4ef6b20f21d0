import {
  checkDurableBatch,
  type Event,
  isSealedBatch,
  type FenceToken,
  type HistoryStore,
  LeaseLostError,
  type Message,
  type MessageFilter,
  MessageId,
  messageFromEvent,
  messageText,
  type ReadEventsOptions,
  SequenceConflictError,
  SessionId,
  ValidationError,
} from '@org/core';
import type { FenceChecker } from './fence-checker.js';
import { freezeInput, requireId, requireInteger } from './validate.js';

/** Options of {@link MemoryHistoryStore}. */
export interface MemoryHistoryStoreOptions {
  /**
   * Checks the `fence` of fenced appends (usually the `MemoryLeaseManager`
   * the runtime acquires leases from). Without it fences are ignored.
   */
  leases?: FenceChecker;
}

interface SessionHistory {
  /** Invariant: `events[i].sequence === i + 1` (appends are contiguous from 1). */
  events: Event[];
  messages: Message[];
  /**
   * First message per id, for `message()`: built on the first lookup and
   * extended by later ones, not on every append (hashing every new id into a
   * map that grows with the session cost more per turn than anything else
   * in an append, for a lookup few callers make).
   */
  messageIndex: Map<MessageId, Message>;
  /** How many of `messages` the index covers. */
  indexed: number;
}

/**
 * A per-session event log with the messages derived from it by
 * `messageFromEvent`. Appends are validated in full before anything is
 * written and applied without yielding, so a batch is atomic and of two
 * concurrent appends continuing the same sequence exactly one wins.
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly #sessions = new Map<SessionId, SessionHistory>();
  readonly #leases: FenceChecker | undefined;

  constructor(options: MemoryHistoryStoreOptions = {}) {
    this.#leases = options.leases;
  }

  /**
   * Appends durable events. Throws `ValidationError` for malformed or
   * ephemeral events or events of another session, `LeaseLostError` for a
   * stale fence, and `SequenceConflictError` when the batch does not continue
   * the log contiguously; in every case nothing is written.
   */
  async append(sessionId: SessionId, events: readonly Event[], options: { fence?: FenceToken } = {}): Promise<void> {
    requireId(SessionId, sessionId, 'session id');
    // The runtime's own (sealed) batches are kept as they are and frozen when first handed out; anything else is frozen now.
    const batch = isSealedBatch(events)
      ? events
      : checkDurableBatch(sessionId, events).map((event, index) => freezeInput(event, `event at index ${index}`));
    if (options.fence !== undefined) this.#checkFence(sessionId, options.fence);
    if (batch.length === 0) return;

    const history: SessionHistory = this.#sessions.get(sessionId) ?? { events: [], messages: [], messageIndex: new Map(), indexed: 0 };
    let expected = history.events.length + 1;
    // Index loops: `for…of` over the runtime's frozen batches allocates an iterator result per event on Node 20.
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as Event;
      if (event.sequence !== expected) throw new SequenceConflictError(sessionId, expected, event.sequence);
      expected += 1;
    }
    // Everything is checked: from here on the write cannot fail half-way.
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as Event;
      history.events.push(event);
      const message = messageFromEvent(event);
      if (message) history.messages.push(message);
    }
    this.#sessions.set(sessionId, history);
  }

  /** Events with `sequence > after` (default 0), at most `limit`, in sequence order. */
  async readEvents(sessionId: SessionId, options: ReadEventsOptions = {}): Promise<Event[]> {
    requireId(SessionId, sessionId, 'session id');
    const after = requireInteger(options.after ?? 0, 'after', 0);
    const limit = options.limit === undefined ? undefined : requireInteger(options.limit, 'limit', 0);
    const events = this.#sessions.get(sessionId)?.events ?? [];
    const page = events.slice(after, limit === undefined ? undefined : after + limit);
    // Handed-out events are frozen (once), so the page can share them.
    for (const event of page) freezeInput(event, 'stored event');
    return page;
  }

  async lastSequence(sessionId: SessionId): Promise<number> {
    requireId(SessionId, sessionId, 'session id');
    return this.#sessions.get(sessionId)?.events.length ?? 0;
  }

  /**
   * Derived messages in event order. `search` keeps messages whose text
   * contains it (case-insensitive); `limit` then keeps the most recent N.
   */
  async messages(sessionId: SessionId, filter: MessageFilter = {}): Promise<Message[]> {
    requireId(SessionId, sessionId, 'session id');
    const limit = filter.limit === undefined ? undefined : requireInteger(filter.limit, 'limit', 0);
    if (filter.search !== undefined && typeof filter.search !== 'string') {
      throw new ValidationError('invalid message filter: search must be a string', [{ path: 'search', message: 'not a string' }]);
    }
    let messages = this.#sessions.get(sessionId)?.messages ?? [];
    const needle = filter.search?.toLowerCase();
    if (needle) messages = messages.filter((message) => messageText(message).toLowerCase().includes(needle));
    if (limit !== undefined) messages = limit === 0 ? [] : messages.slice(-limit);
    for (const message of messages) freezeInput(message, 'stored message');
    return messages === (this.#sessions.get(sessionId)?.messages ?? null) ? messages.slice() : messages;
  }

  async message(sessionId: SessionId, id: MessageId): Promise<Message | undefined> {
    requireId(SessionId, sessionId, 'session id');
    requireId(MessageId, id, 'message id');
    const history = this.#sessions.get(sessionId);
    if (!history) return undefined;
    const { messages, messageIndex } = history;
    for (; history.indexed < messages.length; history.indexed++) {
      const message = messages[history.indexed] as Message;
      if (!messageIndex.has(message.id)) messageIndex.set(message.id, message);
    }
    const message = messageIndex.get(id);
    return message && freezeInput(message, 'stored message');
  }

  /** Drops a session's whole history (used when the session is deleted). Returns whether it had any. */
  deleteSession(sessionId: SessionId): boolean {
    return this.#sessions.delete(sessionId);
  }

  #checkFence(sessionId: SessionId, fence: FenceToken): void {
    if (fence.sessionId !== sessionId) {
      throw new LeaseLostError(sessionId, `lease lost on ${sessionId}: the fence belongs to ${String(fence.sessionId)}`);
    }
    if (this.#leases && !this.#leases.isCurrent(fence)) throw new LeaseLostError(sessionId);
  }
}
