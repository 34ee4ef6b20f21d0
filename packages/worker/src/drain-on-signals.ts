import type { DrainOutcome, DrainTimeoutAction, TurnWorker } from './turn-worker.js';

/** Options of {@link drainOnSignals}. */
export interface DrainOnSignalsOptions {
  /** Signals that start the drain (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
  /** Grace period for running turns (default: the worker's `drainTimeoutMs`). */
  timeoutMs?: number;
  /** What happens to turns still running at the timeout (default `handoff`). */
  onTimeout?: DrainTimeoutAction;
  /** Called once the drain ended (default: sets `process.exitCode = 0`, so the process exits once idle). */
  onDrained?: (outcome: DrainOutcome) => void;
}

/**
 * Drains `worker` on SIGTERM/SIGINT (what container orchestrators send before
 * stopping a process): no new jobs, running turns get `timeoutMs` to finish,
 * the rest are handed off (or cancelled). A second signal during the drain
 * exits at once (the turns are resumed elsewhere, as after a crash).
 * Returns a function that removes the handlers.
 */
export function drainOnSignals(worker: TurnWorker, options: DrainOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    }
    draining = true;
    const drainOptions = {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.onTimeout === undefined ? {} : { onTimeout: options.onTimeout }),
    };
    worker.drain(drainOptions).then(
      (outcome) => (options.onDrained ?? (() => (process.exitCode = 0)))(outcome),
      (error: unknown) => {
        process.stderr.write(`turn worker drain failed: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
