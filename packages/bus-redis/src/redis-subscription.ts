import type { Event, EventSubscription, SessionId } from '@org/core';
import type { StreamGap } from './options.js';

/** What a subscription tells the bus. */
export interface SubscriptionOwner {
  /** The subscriber drained its buffer after it was full: read for it again. */
  resume(subscription: RedisSubscription): void;
  /** The subscription ended; forget it. */
  release(subscription: RedisSubscription): void;
  onGap?: ((gap: StreamGap) => void) | undefined;
}

/** Live events that arrived ahead of the durable event they follow, kept at most this many. */
const MAX_EARLY_LIVE_EVENTS = 256;

/**
 * One subscriber's view of a session: a bounded buffer fed by the bus's reader
 * (durable events, in sequence order) and its pub/sub connection (live events).
 *
 * - `cursor` is the sequence of the last durable event accepted into the
 *   buffer; the reader reads this subscription's stream from there, so a
 *   duplicate or older sequence is never accepted twice.
 * - When the buffer is full the subscription is `paused`: the reader stops
 *   reading for it (emitters are never blocked) and resumes from `cursor` once
 *   the subscriber has drained half the buffer, so nothing retained is lost.
 * - Live events (deltas) carry the sequence of the durable event before them.
 *   One is delivered only right after that event: held while the subscriber
 *   has not reached it yet, dropped once a later durable event was delivered
 *   (it is stale: the completed message supersedes it) or while the buffer is
 *   full (each delta carries the text accumulated so far).
 */
export class RedisSubscription implements EventSubscription {
  /** Sequence of the last durable event accepted; undefined until the starting point is known. */
  cursor: number | undefined;
  paused = false;
  private readonly queue: Event[] = [];
  private head = 0;
  private early: Event[] = [];
  /** Readers waiting for the next event, first come first served. */
  private readonly waiting: ((result: IteratorResult<Event>) => void)[] = [];
  private closed = false;
  private readonly abortListener = () => this.close();
  private started = false;
  private listening = false;
  private resolveReady!: () => void;
  /**
   * Resolves once the subscription knows where it starts (at once with
   * `after`, after one round trip without) and listens for live events: from
   * then on nothing published is missed.
   */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.resolveReady = resolve;
  });

  constructor(
    readonly sessionId: SessionId,
    private readonly capacity: number,
    private readonly owner: SubscriptionOwner,
    private readonly signal?: AbortSignal,
  ) {
    if (signal?.aborted) this.close();
    else signal?.addEventListener('abort', this.abortListener, { once: true });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** True when the reader should fetch durable events for this subscription. */
  get wantsDurable(): boolean {
    return !this.closed && !this.paused && this.cursor !== undefined;
  }

  /** Sets the starting point: durable events after `cursor` are delivered. */
  start(cursor: number): void {
    if (this.cursor === undefined) {
      this.cursor = cursor;
      this.flushEarly();
    }
    this.started = true;
    if (this.listening) this.resolveReady();
  }

  /** Records that the session's live channel is subscribed. */
  markListening(): void {
    this.listening = true;
    if (this.started) this.resolveReady();
  }

  /**
   * Offers the next durable event read from the stream. Returns false when the
   * buffer is full (the subscription pauses and the event will be re-read).
   */
  offerDurable(event: Event): boolean {
    if (this.closed || this.cursor === undefined) return false;
    if (event.sequence <= this.cursor) return true; // already delivered: a duplicate
    if (this.size >= this.capacity) {
      this.paused = true;
      return false;
    }
    if (event.sequence > this.cursor + 1) {
      this.owner.onGap?.({ sessionId: this.sessionId, expected: this.cursor + 1, next: event.sequence });
    }
    this.cursor = event.sequence;
    this.push(event);
    this.flushEarly();
    return true;
  }

  /** Moves past a stream entry that could not be decoded (it was reported to the bus's `onError`). */
  skip(sequence: number): void {
    if (this.cursor !== undefined && !this.paused && sequence > this.cursor) this.cursor = sequence;
  }

  /** Offers a live-only event from the session's pub/sub channel. */
  offerLive(event: Event): void {
    if (this.closed) return;
    if (this.cursor === undefined || event.sequence > this.cursor) {
      this.early.push(event);
      if (this.early.length > MAX_EARLY_LIVE_EVENTS) this.early.shift();
      return;
    }
    if (event.sequence === this.cursor && this.size < this.capacity) this.push(event);
  }

  private flushEarly(): void {
    if (this.early.length === 0 || this.cursor === undefined) return;
    const cursor = this.cursor;
    const keep: Event[] = [];
    for (const event of this.early) {
      if (event.sequence > cursor) keep.push(event);
      else if (event.sequence === cursor && this.size < this.capacity) this.push(event);
    }
    this.early = keep;
  }

  /** Events waiting to be taken by the subscriber (never more than the buffer size). */
  get buffered(): number {
    return this.size;
  }

  private get size(): number {
    return this.queue.length - this.head;
  }

  private push(event: Event): void {
    const waiting = this.waiting.shift();
    if (waiting) {
      waiting({ value: event, done: false });
      return;
    }
    this.queue.push(event);
  }

  private take(): Event | undefined {
    if (this.head >= this.queue.length) return undefined;
    const event = this.queue[this.head++];
    // Compact now and then rather than shifting on every read.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.paused && this.size <= this.capacity / 2) {
      this.paused = false;
      this.owner.resume(this);
    }
    return event;
  }

  /** Ends the subscription: iteration finishes (after nothing more is delivered) and the bus forgets it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.head = 0;
    this.early = [];
    this.signal?.removeEventListener('abort', this.abortListener);
    this.resolveReady();
    for (const waiting of this.waiting.splice(0)) waiting({ value: undefined, done: true });
    this.owner.release(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return {
      next: () => {
        const event = this.take();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<Event>>((resolve) => {
          this.waiting.push(resolve);
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
