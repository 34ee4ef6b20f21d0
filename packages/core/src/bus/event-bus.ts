import type { Event } from '../events/event.js';
import type { SessionId } from '../ids/index.js';

/** Options of a subscription. */
export interface SubscribeOptions {
  /**
   * Cursor: deliver durable events with `sequence > after` that the bus still
   * holds, then follow live. Default: live only (no replay).
   */
  after?: number;
  /** Ends the subscription (the iterator finishes without error). */
  signal?: AbortSignal;
}

/** A live subscription: iterate it, and `close()` it when done (or abort its signal). */
export interface EventSubscription extends AsyncIterable<Event> {
  close(): void;
}

/**
 * Fans events out to subscribers, within or across processes.
 *
 * Contract:
 * - `publish` takes events that already have ids and sequences (the runtime
 *   assigns them; the history store is the record). Durable events of one
 *   session are published in sequence order. Ephemeral events are delivered
 *   to current subscribers only and never replayed. The runtime does not
 *   wait for one publish before making the next, so a bus must take
 *   publishes in **call order** (enqueue synchronously in `publish`, before
 *   its first `await`).
 * - `close()` lets publishes already made go out (best effort), then ends.
 * - A subscriber sees each durable event of its session **exactly once and in
 *   sequence order**, starting after its cursor. A durable event whose
 *   sequence is not above the last one delivered is dropped (duplicate
 *   publishes, e.g. retries, are not delivered twice).
 * - A slow subscriber never blocks `publish` and never loses durable events
 *   (buffers are bounded by re-reading from the bus's retained history or by
 *   unbounded queues; implementations document which).
 * - `close()` ends every subscription and releases connections.
 */
export interface EventBus {
  publish(events: readonly Event[]): Promise<void>;
  subscribe(sessionId: SessionId, options?: SubscribeOptions): EventSubscription;
  close(): Promise<void>;
}
