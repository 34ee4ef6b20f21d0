import type { Event, MessageId, Runtime, SessionId, TurnId, TurnResult } from '@org/core';

/** A turn the server started. */
export interface StartedTurn {
  sessionId: SessionId;
  turnId: TurnId;
  inputMessageId: MessageId;
  /** Settles when the turn ends (rejects only on storage failures). */
  result: Promise<TurnResult>;
}

/**
 * Starts turns for HTTP requests and keeps track of them, so a shutdown can
 * let them finish (within a grace period) and abort the rest. A second turn on
 * a busy session fails at once with `SessionBusyError` (HTTP 409).
 */
export class TurnTracker {
  readonly #runtime: Runtime;
  readonly #running = new Map<Promise<unknown>, AbortController>();
  #closed = false;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** How many turns are running. */
  get size(): number {
    return this.#running.size;
  }

  /**
   * Starts a turn and resolves once it has started (its input message is
   * recorded); the turn goes on in the background.
   * @throws SessionBusyError, NotFoundError, ValidationError — before anything is recorded.
   */
  async start(sessionId: SessionId, text: string): Promise<StartedTurn> {
    if (this.#closed) throw new Error('the server is shutting down');
    const controller = new AbortController();
    const turn = this.#runtime.streamTurn(sessionId, text, { signal: controller.signal, ifBusy: 'error' });
    const events = turn[Symbol.asyncIterator]();
    let inputMessageId: MessageId | undefined;
    let turnId: TurnId | undefined;
    while (!turnId) {
      const next: IteratorResult<Event> = await events.next();
      if (next.done) break;
      if (next.value.type === 'input.message') inputMessageId = next.value.data.message.id;
      if (next.value.type === 'turn.started') turnId = next.value.data.turnId;
    }
    // Keep reading so the turn's live queue does not grow; subscribers get the events from the bus.
    const drained = (async () => {
      try {
        for (let next = await events.next(); !next.done; next = await events.next());
      } catch {
        // The failure is reported by `turn.result`.
      }
      await turn.result.catch(() => undefined);
    })();
    this.#running.set(drained, controller);
    void drained.finally(() => this.#running.delete(drained));
    if (!turnId || !inputMessageId) {
      await turn.result; // rethrows what ended the turn before it started
      throw new Error('the turn ended before it started');
    }
    return { sessionId, turnId, inputMessageId, result: turn.result };
  }

  /**
   * Refuses new turns, waits up to `graceMs` for the running ones, then aborts
   * what is left (they end with `turn.cancelled`) and waits for them.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.#closed = true;
    const all = () => Promise.all([...this.#running.keys()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const controller of this.#running.values()) controller.abort(new Error('server shutting down'));
    await all();
  }
}
