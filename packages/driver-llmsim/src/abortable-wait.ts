import { CancelledError } from '@org/core';

/** The error a simulated call ends with when its signal aborts. */
export function cancelledBy(signal: AbortSignal): CancelledError {
  return new CancelledError('llmsim call aborted', { cause: signal.reason });
}

/** Throws a `CancelledError` if `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledBy(signal);
}

/** Sleeps `ms`, rejecting with a `CancelledError` as soon as `signal` aborts (the timer is cleared). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelledBy(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledBy(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never resolves; rejects with a `CancelledError` when `signal` aborts. */
export function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) return reject(cancelledBy(signal));
    signal.addEventListener('abort', () => reject(cancelledBy(signal)), { once: true });
  });
}
