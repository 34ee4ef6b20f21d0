import type { LlmStreamEvent } from '@org/core';
import { cancelledBy } from './abortable-wait.js';

/**
 * The stream of a reply with no simulated latency: every chunk is ready at
 * once, so each `next()` is a single settled promise. (An async generator
 * costs several promises and microtask hops per yielded chunk, which is most
 * of a zero-latency call's cost.) Behaves like the generator it replaces: the
 * signal is checked before every event, an abort ends the stream with a
 * `CancelledError`, and `return()` ends it early. `last` is built only when
 * the stream gets that far, after every other event was read.
 */
export class ImmediateStream implements AsyncIterableIterator<LlmStreamEvent> {
  #index = 0;
  #finished = false;

  constructor(
    private readonly events: readonly LlmStreamEvent[],
    private readonly last: () => LlmStreamEvent,
    private readonly signal: AbortSignal,
  ) {}

  next(): Promise<IteratorResult<LlmStreamEvent>> {
    if (this.#finished) return Promise.resolve({ done: true, value: undefined });
    if (this.signal.aborted) {
      this.#finished = true;
      return Promise.reject(cancelledBy(this.signal));
    }
    const index = this.#index++;
    if (index < this.events.length) return Promise.resolve({ done: false, value: this.events[index] as LlmStreamEvent });
    this.#finished = true;
    return Promise.resolve({ done: false, value: this.last() });
  }

  return(): Promise<IteratorResult<LlmStreamEvent>> {
    this.#finished = true;
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
