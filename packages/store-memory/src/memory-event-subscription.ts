import type { Event, EventSubscription } from '@org/core';
import { isEphemeralEvent } from './ephemeral.js';

/**
 * One subscriber's queue. Durable events are queued without bound (a slow
 * reader never blocks `publish` and never loses them); ephemeral events are
 * dropped for this subscriber once `maxQueuedEphemeral` of them are waiting.
 * Each event handed out is a fresh copy.
 */
export class MemoryEventSubscription implements EventSubscription, AsyncIterator<Event> {
  #queue: Event[] = [];
  /** Index of the next event to hand out (avoids O(n) `shift` on long queues). */
  #head = 0;
  #queuedEphemeral = 0;
  #droppedEphemeral = 0;
  #lastSequence: number;
  #done = false;
  #closeRan = false;
  readonly #pendingReads: ((result: IteratorResult<Event>) => void)[] = [];
  readonly #maxQueuedEphemeral: number;
  readonly #onClose: (subscription: MemoryEventSubscription) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.close();

  /** @internal Created by `MemoryEventBus.subscribe`. */
  constructor(options: {
    after: number;
    maxQueuedEphemeral: number;
    signal?: AbortSignal | undefined;
    onClose: (subscription: MemoryEventSubscription) => void;
  }) {
    this.#lastSequence = options.after;
    this.#maxQueuedEphemeral = options.maxQueuedEphemeral;
    this.#onClose = options.onClose;
    this.#signal = options.signal;
    if (this.#signal?.aborted) this.#done = true;
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Whether the subscription has ended (closed, aborted, or its bus closed). */
  get closed(): boolean {
    return this.#done;
  }

  /** How many ephemeral events this subscriber lost because its queue was full. */
  get droppedEphemeralCount(): number {
    return this.#droppedEphemeral;
  }

  /** @internal Queues a durable event unless its sequence is not above the last one queued. */
  offerDurable(event: Event): void {
    if (this.#done || event.sequence <= this.#lastSequence) return;
    this.#lastSequence = event.sequence;
    this.#enqueue(event);
  }

  /** @internal Queues an ephemeral event, or drops it when the ephemeral bound is reached. */
  offerEphemeral(event: Event): void {
    if (this.#done) return;
    if (this.#queuedEphemeral >= this.#maxQueuedEphemeral) {
      this.#droppedEphemeral += 1;
      return;
    }
    this.#queuedEphemeral += 1;
    this.#enqueue(event);
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return this;
  }

  next(): Promise<IteratorResult<Event>> {
    if (this.#head < this.#queue.length) return Promise.resolve(this.#take());
    if (this.#done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.#pendingReads.push(resolve));
  }

  /** Called by `for await … break`: ends the subscription. */
  async return(): Promise<IteratorResult<Event>> {
    this.close();
    return { done: true, value: undefined };
  }

  /** Ends the subscription: pending and later reads finish, queued events are discarded. */
  close(): void {
    if (this.#closeRan) return;
    this.#closeRan = true;
    this.#done = true;
    this.#queue = [];
    this.#head = 0;
    this.#queuedEphemeral = 0;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    for (const read of this.#pendingReads.splice(0)) read({ done: true, value: undefined });
    this.#onClose(this);
  }

  #enqueue(event: Event): void {
    this.#queue.push(event);
    const read = this.#pendingReads.shift();
    if (read) read(this.#take());
  }

  #take(): IteratorResult<Event> {
    const event = this.#queue[this.#head] as Event;
    this.#head += 1;
    if (isEphemeralEvent(event)) this.#queuedEphemeral -= 1;
    // Compact once the consumed prefix dominates, keeping memory proportional to the backlog.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    // Published events are frozen: every subscriber can share them.
    return { done: false, value: event };
  }
}
