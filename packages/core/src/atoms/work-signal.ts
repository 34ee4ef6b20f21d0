import { getEventListeners, setMaxListeners } from 'node:events';

/**
 * Spare controllers of finished turns: never aborted and with no listener
 * left, so indistinguishable from new ones. Creating an AbortSignal costs
 * microseconds on Node 20; reusing a clean one costs a listener count.
 */
const spares: AbortController[] = [];
const MAX_SPARES = 64;

function takeController(): AbortController {
  return spares.pop() ?? new AbortController();
}

function giveBack(controller: AbortController): void {
  if (spares.length < MAX_SPARES && !controller.signal.aborted && getEventListeners(controller.signal, 'abort').length === 0) spares.push(controller);
}

/**
 * The signal of turns started without one: it never aborts, so a turn's work
 * signal need not listen to it (an EventTarget listener costs about half a
 * microsecond to add and remove on Node 20).
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;
// Concurrent turns without a signal may each wait on it (a queued turn, a lease wait): no listener-count warning.
setMaxListeners(0, NEVER_ABORTED);

/**
 * The signal a turn's work (driver calls, tool calls) runs under. It aborts
 * when the turn is cancelled, and a stalled driver call aborts it on purpose;
 * the next `signal` read after that is a fresh one. Creating an AbortSignal
 * costs microseconds on Node 20, so a turn shares one instead of making one
 * per driver attempt, act step and tool call.
 */
export class WorkSignal {
  #controller: AbortController | undefined;
  #forward: (() => void) | undefined;

  constructor(private readonly turn: AbortSignal) {}

  /** The current work signal (already aborted when the turn is). */
  get signal(): AbortSignal {
    const current = this.#controller;
    if (current && !current.signal.aborted) return current.signal;
    this.#unfollow();
    const controller = takeController();
    this.#controller = controller;
    if (this.turn.aborted) controller.abort(this.turn.reason);
    else if (this.turnCancellable) {
      this.#forward = () => controller.abort(this.turn.reason);
      this.turn.addEventListener('abort', this.#forward, { once: true });
    }
    return controller.signal;
  }

  /**
   * Whether the turn can be cancelled (it was started with a signal). When it
   * cannot, only a stalled driver call aborts the work signal, so work done
   * outside driver calls (an act step) can run under {@link NEVER_ABORTED}.
   */
  get turnCancellable(): boolean {
    return this.turn !== NEVER_ABORTED;
  }

  /** Lifts Node's listener-count warning on the current signal (an act step with many parallel calls listens many times). */
  allowManyListeners(): void {
    setMaxListeners(0, this.signal);
  }

  /** Aborts the current work signal (a stalled driver call): whoever listens to it stops. */
  abort(reason?: unknown): void {
    this.#controller?.abort(reason);
  }

  /** Stops following the turn's signal (the turn is over); a clean, unaborted controller is kept for another turn. */
  dispose(): void {
    this.#unfollow();
    if (this.#controller) giveBack(this.#controller);
    this.#controller = undefined;
  }

  #unfollow(): void {
    if (this.#forward) this.turn.removeEventListener('abort', this.#forward);
    this.#forward = undefined;
  }
}
