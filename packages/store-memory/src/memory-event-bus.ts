import { checkEventBatch, type Event, type EventBus, type EventSubscription, isSealedBatch, SessionId, StorageUnavailableError, type SubscribeOptions } from '@org/core';
import { isEphemeralEvent } from './ephemeral.js';
import { MemoryEventSubscription } from './memory-event-subscription.js';
import { freezeInput, requireId, requireInteger } from './validate.js';

/** Ephemeral events a subscriber may have waiting before further ones are dropped for it. */
export const DEFAULT_MAX_QUEUED_EPHEMERAL = 1000;

/** Options of {@link MemoryEventBus}. */
export interface MemoryEventBusOptions {
  /**
   * Durable events kept per session for replay (`subscribe({ after })`).
   * Default: all of them. With a cap the oldest go first, and a subscriber
   * whose cursor is older than what is kept misses the dropped events.
   */
  retainPerSession?: number;
  /** Per-subscriber bound on waiting ephemeral events (default 1000); extra ones are dropped for that subscriber. */
  maxQueuedEphemeral?: number;
}

interface SessionChannel {
  /** Durable events in sequence order (the replay buffer). */
  retained: Event[];
  /** Highest durable sequence published; anything not above it is a duplicate. */
  lastSequence: number;
  subscribers: Set<MemoryEventSubscription>;
}

/**
 * In-process fan-out of events with replay.
 *
 * - Durable events are retained per session and replayed to subscribers
 *   that pass a cursor (`after`), then delivered live, exactly once and in
 *   sequence order; a durable event whose sequence is not above the last one
 *   published for its session is dropped as a duplicate.
 * - Ephemeral events go to current subscribers only and are never retained.
 * - `publish` never waits for subscribers: each has an unbounded queue of
 *   durable events and a bounded one ({@link DEFAULT_MAX_QUEUED_EPHEMERAL})
 *   of ephemeral events.
 */
export class MemoryEventBus implements EventBus {
  readonly #channels = new Map<SessionId, SessionChannel>();
  readonly #retainPerSession: number;
  readonly #maxQueuedEphemeral: number;
  #closed = false;

  constructor(options: MemoryEventBusOptions = {}) {
    this.#retainPerSession = requireInteger(options.retainPerSession ?? Number.MAX_SAFE_INTEGER, 'retainPerSession', 0);
    this.#maxQueuedEphemeral = requireInteger(options.maxQueuedEphemeral ?? DEFAULT_MAX_QUEUED_EPHEMERAL, 'maxQueuedEphemeral', 0);
  }

  /**
   * Validates the whole batch (a `ValidationError` publishes nothing), then
   * delivers it in order. Throws `StorageUnavailableError` after `close()`.
   */
  async publish(events: readonly Event[]): Promise<void> {
    if (this.#closed) throw new StorageUnavailableError('the event bus is closed');
    // The runtime's own (sealed) batches are frozen only when delivered to a subscriber; anything else now.
    const batch = isSealedBatch(events)
      ? events
      : checkEventBatch(events, { payload: false }).map((event, index) => freezeInput(event, `event at index ${index}`));
    // An index loop: `for…of` over the runtime's frozen batches allocates an iterator result per event on Node 20.
    for (let i = 0; i < batch.length; i++) this.#deliver(batch[i] as Event);
  }

  /** Replays retained durable events after `after` (when given), then follows live. */
  subscribe(sessionId: SessionId, options: SubscribeOptions = {}): EventSubscription {
    requireId(SessionId, sessionId, 'session id');
    const after = options.after === undefined ? undefined : requireInteger(options.after, 'after', 0);
    if (this.#closed) {
      const ended = new MemoryEventSubscription({ after: 0, maxQueuedEphemeral: 0, onClose: () => {} });
      ended.close();
      return ended;
    }
    const channel = this.#channel(sessionId);
    const subscription = new MemoryEventSubscription({
      // Without a cursor the subscriber starts at the head: live only, and replays of old sequences stay dropped.
      after: after ?? channel.lastSequence,
      maxQueuedEphemeral: this.#maxQueuedEphemeral,
      signal: options.signal,
      onClose: (closed) => channel.subscribers.delete(closed),
    });
    if (subscription.closed) return subscription;
    if (after !== undefined) for (const event of channel.retained) subscription.offerDurable(freezeInput(event, 'event'));
    channel.subscribers.add(subscription);
    return subscription;
  }

  /** Ends every subscription; later `publish` calls throw and later subscriptions end at once. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const channel of this.#channels.values()) for (const subscription of [...channel.subscribers]) subscription.close();
    this.#channels.clear();
  }

  /** Copies of the durable events retained for a session, in sequence order (a test and debugging aid). */
  retainedEvents(sessionId: SessionId): Event[] {
    return (this.#channels.get(requireId(SessionId, sessionId, 'session id'))?.retained ?? []).map((event) => freezeInput(event, 'event'));
  }

  /** Forgets a session's retained events (used when the session is deleted); live subscribers stay. */
  deleteSession(sessionId: SessionId): boolean {
    const channel = this.#channels.get(sessionId);
    if (!channel) return false;
    if (channel.subscribers.size === 0) this.#channels.delete(sessionId);
    else channel.retained = [];
    return true;
  }

  #deliver(event: Event): void {
    const channel = this.#channel(event.sessionId);
    if (channel.subscribers.size > 0) freezeInput(event, 'event');
    // Iterating a Set allocates an iterator even when it is empty, and most events have no subscriber.
    const listened = channel.subscribers.size > 0;
    if (isEphemeralEvent(event)) {
      if (listened) for (const subscription of channel.subscribers) subscription.offerEphemeral(event);
      return;
    }
    if (event.sequence <= channel.lastSequence) return;
    channel.lastSequence = event.sequence;
    if (this.#retainPerSession > 0) {
      channel.retained.push(event);
      if (channel.retained.length > this.#retainPerSession) channel.retained.splice(0, channel.retained.length - this.#retainPerSession);
    }
    if (listened) for (const subscription of channel.subscribers) subscription.offerDurable(event);
  }

  #channel(sessionId: SessionId): SessionChannel {
    let channel = this.#channels.get(sessionId);
    if (!channel) {
      channel = { retained: [], lastSequence: 0, subscribers: new Set() };
      this.#channels.set(sessionId, channel);
    }
    return channel;
  }
}
