/**
 * A shared record of what a simulated driver received, one entry per call in
 * call order. Hand the same log to a config and keep a reference to read it
 * back, even when a runtime builds the driver for you.
 */
export class CaptureLog<T> {
  readonly #records: T[] = [];

  /** Every record so far, oldest first (a snapshot; later calls do not change it). */
  get records(): readonly T[] {
    return [...this.#records];
  }

  /** How many calls were recorded. */
  get size(): number {
    return this.#records.length;
  }

  /** The most recent record, if any. */
  get last(): T | undefined {
    return this.#records.at(-1);
  }

  /** Appends a record (the driver calls this once per call). */
  record(entry: T): void {
    this.#records.push(entry);
  }

  /** Forgets every record. */
  clear(): void {
    this.#records.length = 0;
  }
}
