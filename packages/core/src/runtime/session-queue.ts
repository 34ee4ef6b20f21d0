import { CancelledError, SessionBusyError } from '../errors.js';

/**
 * Serialises turns per session inside one process: a FIFO of waiters per
 * session id. (Cross-process exclusion is the `SessionLeaseManager`'s job.)
 */
export class SessionQueue {
  readonly #held = new Map<string, (() => void)[]>();

  /** Waits for the session (FIFO) and returns the release function. */
  async acquire(sessionId: string, options: { signal?: AbortSignal; ifBusy?: 'queue' | 'error' } = {}): Promise<() => void> {
    const waiters = this.#held.get(sessionId);
    if (!waiters) {
      this.#held.set(sessionId, []);
      return this.#releaser(sessionId);
    }
    if (options.ifBusy === 'error') throw new SessionBusyError(sessionId);
    const { signal } = options;
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = waiters.indexOf(wake);
        if (index >= 0) waiters.splice(index, 1);
        reject(new CancelledError('cancelled while waiting for the session', { cause: signal?.reason }));
      };
      waiters.push(wake);
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
