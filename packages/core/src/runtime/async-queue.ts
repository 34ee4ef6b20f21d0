/**
 * An unbounded push/pull queue exposed as an async iterator. Producers never
 * wait; `end()` finishes iteration after the buffered items, `fail()` rejects
 * the next pull.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #head = 0;
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #rejectWaiting: ((error: unknown) => void) | undefined;
  #ended = false;
  #error: unknown;

  push(item: T): void {
    if (this.#ended) return;
    const resolve = this.#waiting;
    if (resolve) {
      this.#waiting = undefined;
      this.#rejectWaiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.#items.push(item);
    }
  }

  end(): void {
    this.#ended = true;
    const resolve = this.#waiting;
    this.#waiting = undefined;
    this.#rejectWaiting = undefined;
    resolve?.({ value: undefined, done: true });
  }

  fail(error: unknown): void {
    this.#error = error;
    const reject = this.#rejectWaiting;
    this.#ended = true;
    this.#waiting = undefined;
    this.#rejectWaiting = undefined;
    reject?.(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) {
      const value = this.#items[this.#head++] as T;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#rejectWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    this.#items = [];
    this.#head = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
