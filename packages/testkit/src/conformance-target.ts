/**
 * How a conformance suite gets the implementation under test. `create` is
 * called once per suite (in `beforeAll`), `destroy` once after it; tests
 * isolate themselves with fresh ids, so an instance may be shared.
 */
export interface ConformanceTarget<T> {
  /** Shown in the suite name, e.g. `"postgres"`. */
  name: string;
  create(): T | Promise<T>;
  destroy?(instance: T): void | Promise<void>;
}
