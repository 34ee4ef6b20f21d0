import { hostname } from 'node:os';
import { ConfigurationError, NotFoundError, type Runtime, type RuntimeLogger, type TurnResult, ValidationError } from '@org/core';
import { type Job, UnrecoverableError, Worker as BullWorker } from 'bullmq';
import { Queue } from 'bullmq';
import { z } from 'zod';
import { type JobCounts, readJobCounts } from './job-counts.js';
import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';
import { bullConnection, parseOptions, type QueueLocation, QueueLocationSchema, type ResolvedQueueLocation } from './queue-options.js';
import { parseTurnJobData, type TurnJobData } from './turn-job.js';

const TurnWorkerOptionsSchema = QueueLocationSchema.extend({
  /** Turns this worker runs at once (other sessions' turns proceed in parallel). */
  concurrency: z.number().int().min(1).max(1_000).default(4),
  /**
   * BullMQ job lock (ms), renewed every half of it while the turn runs. When a
   * worker dies, its jobs are seen as stalled after at most this long plus
   * `stalledIntervalMs`, and another worker takes them over.
   */
  lockDurationMs: z.number().int().min(100).default(30_000),
  /** How often this worker looks for stalled jobs (ms). */
  stalledIntervalMs: z.number().int().min(100).default(30_000),
  /** Stalls a job survives before it is failed (a worker crash is one stall). */
  maxStalledCount: z.number().int().min(0).max(100).default(3),
  /** Default time `drain()` lets running turns finish (ms). */
  drainTimeoutMs: z.number().int().nonnegative().default(30_000),
  /** Name shown on the jobs this worker takes (default host:pid). */
  name: z.string().min(1).max(200).optional(),
  /** Start taking jobs at once (default true); otherwise call `start()`. */
  autorun: z.boolean().default(true),
});

type ResolvedTurnWorkerOptions = ResolvedQueueLocation & Omit<z.output<typeof TurnWorkerOptionsSchema>, 'connection'>;

/** Options of {@link TurnWorker}. */
export type TurnWorkerOptions = QueueLocation &
  Omit<z.input<typeof TurnWorkerOptionsSchema>, 'connection' | 'queueName' | 'prefix'> & {
    /** What runs the turns: a `Runtime` on shared backends (PostgreSQL history with leases, for several workers). */
    runtime: Pick<Runtime, 'runTurn'>;
    /** Diagnostics (job failures, drain). Default: silent. */
    logger?: RuntimeLogger;
  };

/** What happens to turns still running when `drain`'s timeout passes. */
export type DrainTimeoutAction =
  /** Stop without finishing them: their jobs are stalled, and another worker resumes each turn from its last durable step. */
  | 'handoff'
  /** Abort them: each ends as `turn.cancelled`, and its job completes with that result. */
  | 'cancel';

/** How a drain ended. */
export interface DrainOutcome {
  /** Turns that finished during the drain. */
  finished: number;
  /** Turns left to another worker (`handoff`) or aborted (`cancel`) at the timeout. */
  interrupted: number;
  action: 'none' | DrainTimeoutAction;
}

/** A snapshot of a worker's metrics. */
export interface TurnWorkerMetrics {
  /** Queue-wide job counts (every worker together). */
  jobs: JobCounts;
  /** This worker. */
  worker: {
    name: string;
    concurrency: number;
    /** Turns running here now. */
    running: number;
    /** Jobs this worker finished with a turn result. */
    completed: number;
    /** Attempts that threw here (each is retried by BullMQ until its attempts run out). */
    failed: number;
    draining: boolean;
  };
  /** Time from the job's start here to the turn's end (ms), jobs finished here. */
  turnLatencyMs: LatencySummary;
  /** Time from enqueue to the first start (ms) of jobs started here: the queueing delay. */
  queueWaitMs: LatencySummary;
}

const silentLogger: RuntimeLogger = { warn: () => {}, error: () => {} };

/**
 * Takes turn jobs from the BullMQ queue and runs each with
 * `runtime.runTurn(sessionId, input, { inputMessageId })`.
 *
 * Guarantees, with a runtime on shared PostgreSQL backends (leases on):
 * - one turn per session at a time across every worker (the session lease);
 *   other sessions run in parallel, up to `concurrency` per worker;
 * - a job whose worker died is detected by BullMQ's stalled-job check (lock
 *   expiry) and taken by another worker, whose `runTurn` with the same input
 *   message id resumes the turn from its last durable step instead of
 *   starting it again (and returns the result of a turn that had finished);
 * - a job that throws (storage outage, lost lease) is retried with
 *   exponential backoff; invalid jobs (bad data, missing session,
 *   configuration errors) fail at once without retry.
 *
 * @example
 * const worker = new TurnWorker({ runtime, connection: process.env.REDIS_URL, concurrency: 8 });
 * drainOnSignals(worker); // SIGTERM/SIGINT: stop taking jobs, let running turns finish
 */
export class TurnWorker {
  readonly #options: ResolvedTurnWorkerOptions;
  readonly #runtime: Pick<Runtime, 'runTurn'>;
  readonly #logger: RuntimeLogger;
  readonly #worker: BullWorker<TurnJobData, TurnResult>;
  readonly #queue: Queue<TurnJobData, TurnResult>;
  readonly #running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  readonly #turnLatency = new LatencyHistogram();
  readonly #queueWait = new LatencyHistogram();
  readonly #name: string;
  #completed = 0;
  #failed = 0;
  #draining: Promise<DrainOutcome> | undefined;

  /** @throws ValidationError naming each bad option. */
  constructor(options: TurnWorkerOptions) {
    const { runtime, logger, ...rest } = options ?? ({} as TurnWorkerOptions);
    if (typeof runtime?.runTurn !== 'function') throw new ValidationError('a turn worker needs a runtime', [{ path: 'runtime', message: 'required' }]);
    this.#options = parseOptions(TurnWorkerOptionsSchema, rest, 'turn worker options') as ResolvedTurnWorkerOptions;
    this.#runtime = runtime;
    this.#logger = logger ?? silentLogger;
    this.#name = this.#options.name ?? `${hostname()}:${process.pid}`;
    const { connection, queueName, prefix } = this.#options;
    this.#worker = new BullWorker<TurnJobData, TurnResult>(queueName, (job) => this.#process(job), {
      connection: bullConnection(connection, 'worker'),
      prefix,
      name: this.#name,
      concurrency: this.#options.concurrency,
      lockDuration: this.#options.lockDurationMs,
      stalledInterval: this.#options.stalledIntervalMs,
      maxStalledCount: this.#options.maxStalledCount,
      autorun: this.#options.autorun,
    });
    this.#worker.on('error', (error) => this.#logger.error('turn worker: queue error', { error: String(error) }));
    this.#worker.on('failed', (job, error) =>
      this.#logger.warn('turn worker: job attempt failed', { jobId: job?.id, attempt: job?.attemptsMade, error: error.message }),
    );
    this.#queue = new Queue<TurnJobData, TurnResult>(queueName, { connection: bullConnection(connection, 'producer'), prefix });
    this.#queue.on('error', () => {});
  }

  /** This worker's name (shown on its jobs). */
  get name(): string {
    return this.#name;
  }

  /** Starts taking jobs (only needed with `autorun: false`). */
  start(): void {
    if (this.#worker.isRunning()) return;
    this.#worker.run().catch((error: unknown) => this.#logger.error('turn worker stopped', { error: String(error) }));
  }

  /** Resolves when the worker's Redis connection is ready. */
  async waitUntilReady(): Promise<void> {
    await this.#worker.waitUntilReady();
  }

  /** Job counts (queue-wide), this worker's counters and its latency distributions. */
  async metrics(): Promise<TurnWorkerMetrics> {
    return {
      jobs: await readJobCounts(this.#queue),
      worker: {
        name: this.#name,
        concurrency: this.#options.concurrency,
        running: this.#running.size,
        completed: this.#completed,
        failed: this.#failed,
        draining: this.#draining !== undefined,
      },
      turnLatencyMs: this.#turnLatency.summary(),
      queueWaitMs: this.#queueWait.summary(),
    };
  }

  /**
   * Graceful shutdown: stops taking jobs at once, lets running turns finish
   * for up to `timeoutMs`, then applies `onTimeout` (default `handoff`: the
   * process may exit and another worker resumes those turns), and closes the
   * connections. Calling it again returns the same outcome.
   */
  drain(options: { timeoutMs?: number; onTimeout?: DrainTimeoutAction } = {}): Promise<DrainOutcome> {
    this.#draining ??= this.#drain(options.timeoutMs ?? this.#options.drainTimeoutMs, options.onTimeout ?? 'handoff');
    return this.#draining;
  }

  /** `drain` with no grace period for running turns: they are handed off. */
  async close(): Promise<void> {
    await this.drain({ timeoutMs: 0, onTimeout: 'handoff' });
  }

  async #drain(timeoutMs: number, onTimeout: DrainTimeoutAction): Promise<DrainOutcome> {
    // Stop fetching now; running jobs keep their locks (renewed) while they finish.
    await this.#worker.pause(true);
    const finishedBefore = this.#completed + this.#failed;
    await this.#untilIdle(Date.now() + timeoutMs);
    const interrupted = this.#running.size;
    let action: DrainOutcome['action'] = 'none';
    if (interrupted > 0) {
      action = onTimeout;
      this.#logger.warn(`turn worker: ${interrupted} turn(s) still running after ${timeoutMs} ms; ${onTimeout}`, { worker: this.#name });
      if (onTimeout === 'cancel') {
        for (const turn of this.#running.values()) turn.controller.abort(new Error('worker draining'));
        await Promise.allSettled([...this.#running.values()].map((turn) => turn.done));
      }
    }
    // `force` leaves handed-off jobs active without a lock renewal: the stalled check moves them back to the queue.
    await this.#worker.close(action === 'handoff');
    await this.#queue.close();
    return { finished: this.#completed + this.#failed - finishedBefore - (action === 'cancel' ? interrupted : 0), interrupted, action };
  }

  /** Waits until no turn runs here or the deadline passes (a job fetched just before the pause joins late). */
  async #untilIdle(deadline: number): Promise<void> {
    while (this.#running.size > 0 && Date.now() < deadline) {
      await settledWithin(
        [...this.#running.values()].map((turn) => turn.done),
        deadline - Date.now(),
      );
    }
  }

  async #process(job: Job<TurnJobData, TurnResult>): Promise<TurnResult> {
    const startedAt = Date.now();
    let data: TurnJobData;
    try {
      data = parseTurnJobData(job.data);
    } catch (error) {
      this.#failed += 1;
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
    // Only a first start measures queueing: a retry's timestamp is still the original enqueue.
    if (job.attemptsStarted <= 1 && !job.stalledCounter) this.#queueWait.record(startedAt - job.timestamp);
    const controller = new AbortController();
    const jobKey = job.id ?? data.inputMessageId;
    const run = this.#runtime.runTurn(data.sessionId, data.input, { signal: controller.signal, inputMessageId: data.inputMessageId });
    this.#running.set(jobKey, { controller, done: run.catch(() => {}) });
    try {
      const result = await run;
      this.#turnLatency.record(Date.now() - startedAt);
      this.#completed += 1;
      return result;
    } catch (error) {
      this.#failed += 1;
      // Retrying cannot help these: fail the job now instead of burning its attempts.
      if (error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConfigurationError)
        throw new UnrecoverableError(`${error.name}: ${error.message}`);
      throw error;
    } finally {
      this.#running.delete(jobKey);
    }
  }
}

/** Resolves true when every promise settled within `ms`, false otherwise. */
async function settledWithin(promises: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  if (promises.length === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([Promise.allSettled(promises).then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
