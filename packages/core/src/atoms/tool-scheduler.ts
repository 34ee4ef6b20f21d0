/** One unit of work for the scheduler. */
export interface ScheduledCall {
  /** Calls sharing a class run one after another, in arrival order. */
  concurrencyClass?: string;
  run(): Promise<void>;
}

/**
 * Runs calls with at most `concurrency` at once. Calls of one concurrency
 * class are chained in arrival order; class-less calls run in parallel.
 * Resolves when every call has finished (calls never reject: the runner
 * turns failures into results).
 */
export async function scheduleCalls(calls: readonly ScheduledCall[], concurrency: number): Promise<void> {
  // The common step of one call needs no slots or class chains.
  if (calls.length === 1 && concurrency >= 1) return (calls[0] as ScheduledCall).run();
  let active = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  const classTails = new Map<string, Promise<void>>();
  const runs = calls.map((call) => {
    const start = async () => {
      await slot();
      try {
        await call.run();
      } finally {
        release();
      }
    };
    if (call.concurrencyClass === undefined) return start();
    const previous = classTails.get(call.concurrencyClass) ?? Promise.resolve();
    const run = previous.then(start);
    classTails.set(call.concurrencyClass, run);
    return run;
  });
  await Promise.all(runs);
}
