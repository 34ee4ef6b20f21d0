import { CancelledError, SessionBusyError } from '../errors.js';

/**
 * Serialises turns per session inside one process: a FIFO of waiters per
 * session id. (Cross-process exclusion is the `SessionLeaseManager`'s job.)
 */
export class SessionQueue {
  /** Held sessions, with their waiters (`null` while none waits: most turns never queue, so no array for them). */
  readonly #held = new Map<string, (() => void)[] | null>();

  /** Waits for the session (FIFO) and returns the release function. */
  async acquire(sessionId: string, options: { signal?: AbortSignal; ifBusy?: 'queue' | 'error' } = {}): Promise<() => void> {
    let waiters = this.#held.get(sessionId);
    if (waiters === undefined) {
      this.#held.set(sessionId, null);
      return this.#releaser(sessionId);
    }
    if (options.ifBusy === 'error') throw new SessionBusyError(sessionId);
    if (waiters === null) {
      waiters = [];
      this.#held.set(sessionId, waiters);
    }
    const queue = waiters;
    const { signal } = options;
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = queue.indexOf(wake);
        if (index >= 0) queue.splice(index, 1);
        reject(new CancelledError('cancelled while waiting for the session', { cause: signal?.reason }));
      };
      queue.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#releaser(sessionId);
  }

  #releaser(sessionId: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const waiters = this.#held.get(sessionId);
      const next = waiters?.shift();
      if (next) next();
      else this.#held.delete(sessionId);
    };
  }
}
