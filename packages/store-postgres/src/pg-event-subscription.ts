import type { Event, EventSubscription, SessionId } from '@org/core';

/** Durable events buffered per subscriber before reading pauses (the table holds the rest). */
export const DURABLE_HIGH_WATER = 1000;
/** Page size of a re-read from the table. */
export const READ_PAGE = 500;
/** Ephemeral events kept per subscriber (waiting or unread); older ones are dropped first. */
export const EPHEMERAL_LIMIT = 1000;

/** How a subscription reads durable events and learns the live starting point. */
export interface DurableSource {
  readAfter(sessionId: SessionId, after: number, limit: number): Promise<Event[]>;
  lastSequence(sessionId: SessionId): Promise<number>;
  /** Resolves once the bus listens, so no wake-up sent after this can be missed. */
  ready(): Promise<void>;
  onClose(subscription: PgEventSubscription): void;
}

/**
 * One subscriber. Durable events come only from the table: every wake-up
 * (and the start) triggers a re-read after the cursor, so a missed or
 * duplicated notification cannot lose or repeat anything. The buffer is
 * bounded: reading pauses at {@link DURABLE_HIGH_WATER} queued events and
 * resumes as the consumer drains it. Ephemeral events arriving ahead of the
 * durable event they follow are held until it has been queued.
 */
export class PgEventSubscription implements EventSubscription {
  private readonly queue: Event[] = [];
  private readonly held: Event[] = [];
  private waiter: ((result: IteratorResult<Event>) => void) | undefined;
  private cursor = 0;
  /**
   * For a subscription without a cursor: the sequence before the first
   * durable event published through this bus after it was made. Its start
   * (the head, read once LISTEN is up) may already count such events, which
   * must still be delivered.
   */
  private floor = Number.POSITIVE_INFINITY;
  /** Whether any durable event was delivered yet (until then the cursor is only the starting head). */
  private deliveredDurable = false;
  private started = false;
  private dirty = false;
  private reading = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly sessionId: SessionId,
    private readonly source: DurableSource,
    private readonly after: number | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal?.aborted) {
      this.closed = true;
      return;
    }
    signal?.addEventListener('abort', this.abort, { once: true });
    void this.start();
  }

  private readonly abort = () => this.close();

  private async start(): Promise<void> {
    try {
      await this.source.ready();
      this.cursor = this.after ?? Math.min(await this.source.lastSequence(this.sessionId), this.floor);
      this.started = true;
      this.wake();
    } catch {
      this.retryLater(() => void this.start());
    }
  }

  /** Durable events up to `sequence` may be in the table: re-read if that is past the cursor. */
  notify(sequence?: number): void {
    if (sequence !== undefined && this.started && sequence <= this.cursor) return;
    this.wake();
  }

  /**
   * Durable events from `sequence` on were published through this bus after
   * this subscription was made: a subscription without a cursor delivers
   * them even when the head it started from already counted them.
   */
  publishedAfterSubscribing(sequence: number): void {
    if (this.after !== undefined || this.closed) return;
    this.floor = Math.min(this.floor, sequence - 1);
    if (this.started && !this.deliveredDurable && this.cursor > this.floor) this.cursor = this.floor;
    this.wake();
  }

  /** Re-read everything after the cursor (after a reconnect, when notifications may have been lost). */
  wake(): void {
    this.dirty = true;
    if (this.started && !this.reading && !this.closed) void this.read();
  }

  /** Queues a live ephemeral event, after the durable event it follows. */
  deliverEphemeral(event: Event): void {
    if (this.closed) return;
    if (this.started && event.sequence <= this.cursor) this.push(event);
    else {
      this.held.push(event);
      if (this.held.length > EPHEMERAL_LIMIT) this.held.shift();
    }
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      while (this.dirty && !this.closed && this.durableQueued() < DURABLE_HIGH_WATER) {
        this.dirty = false;
        const events = await this.source.readAfter(this.sessionId, this.cursor, READ_PAGE);
        for (const event of events) {
          // The table is ordered and read after the cursor, so nothing is repeated.
          if (this.closed || event.sequence <= this.cursor) continue;
          this.cursor = event.sequence;
          this.deliveredDurable = true;
          this.push(event);
          this.flushHeld();
        }
        if (events.length === READ_PAGE) this.dirty = true;
      }
      this.flushHeld();
    } catch {
      this.dirty = true;
      this.retryLater(() => this.wake());
    } finally {
      this.reading = false;
    }
  }

  private retryLater(action: () => void): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      action();
    }, 500);
    this.retryTimer.unref();
  }

  private flushHeld(): void {
    while (this.held.length > 0 && (this.held[0] as Event).sequence <= this.cursor) this.push(this.held.shift() as Event);
  }

  private durableQueued(): number {
    let count = 0;
    for (const event of this.queue) if (event.ephemeral !== true) count += 1;
    return count;
  }

  private push(event: Event): void {
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve({ value: event, done: false });
      return;
    }
    this.queue.push(event);
  }

  private next(): Promise<IteratorResult<Event>> {
    const event = this.queue.shift();
    if (event) {
      if (this.dirty && !this.reading && this.queue.length < DURABLE_HIGH_WATER / 2) this.wake();
      return Promise.resolve({ value: event, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.dirty) this.wake();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Ends the subscription: the iterator finishes (after nothing more), and the bus forgets it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.abort);
    clearTimeout(this.retryTimer);
    this.queue.length = 0;
    this.held.length = 0;
    this.source.onClose(this);
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return {
      next: () => this.next(),
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
