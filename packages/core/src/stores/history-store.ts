import type { Event } from '../events/event.js';
import type { MessageId, SessionId } from '../ids/index.js';
import type { Message } from '../messages/message.js';

/** Proof that the writer holds a session's lease; stores refuse writes from a stale token (fencing). */
export interface FenceToken {
  readonly sessionId: SessionId;
  /** Grows every time the lease changes hands. */
  readonly token: number;
}

/** Options for reading a session's events. */
export interface ReadEventsOptions {
  /** Only events with `sequence > after` (default 0: from the start). */
  after?: number;
  /** At most this many events (default: all). */
  limit?: number;
}

/** Filter for loading messages. `limit` keeps the most recent N (after `search`). */
export interface MessageFilter {
  search?: string;
  limit?: number;
}

/**
 * The durable record of a session: its event log and the messages derived
 * from it (see `messageFromEvent`).
 *
 * Contract:
 * - `append` stores durable events (never ephemeral ones) and the messages
 *   they imply **atomically**: either all of the batch and its messages are
 *   visible afterwards, or none. Events arrive with ids and sequences set.
 *   The first event's sequence must be exactly `lastSequence + 1` and the
 *   batch contiguous; otherwise nothing is written and a
 *   `SequenceConflictError` is thrown. A batch with a `fence` is refused with
 *   `LeaseLostError` when the fence is no longer the session's current one
 *   (stores without leases ignore the fence).
 * - `readEvents` returns events in sequence order.
 * - `messages` returns the derived messages in event order.
 * - Appending the same batch twice fails the second time (sequence conflict):
 *   a retried write cannot duplicate history.
 */
export interface HistoryStore {
  append(sessionId: SessionId, events: readonly Event[], options?: { fence?: FenceToken }): Promise<void>;
  readEvents(sessionId: SessionId, options?: ReadEventsOptions): Promise<Event[]>;
  /** The highest stored sequence, 0 when the session has no events. */
  lastSequence(sessionId: SessionId): Promise<number>;
  messages(sessionId: SessionId, filter?: MessageFilter): Promise<Message[]>;
  message(sessionId: SessionId, id: MessageId): Promise<Message | undefined>;
}
