import { randomUUID } from 'node:crypto';
import {
  CancelledError,
  ConflictError,
  type InputMessageInput,
  MessageId,
  NotFoundError,
  RuntimeError,
  SessionId,
  toInputMessage,
  type TurnResult,
  ValidationError,
} from '@org/core';
import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import { z } from 'zod';
import { type JobCounts, readJobCounts } from './job-counts.js';
import { bullConnection, parseOptions, type QueueLocation, QueueLocationSchema, type ResolvedQueueLocation } from './queue-options.js';
import { TURN_JOB_NAME, type TurnJobData, turnJobId } from './turn-job.js';

const TurnQueueOptionsSchema = QueueLocationSchema.extend({
  /** Attempts per turn job in all (1 = no retry). A retry resumes the turn where it stopped. */
  attempts: z.number().int().min(1).max(100).default(5),
  /** First retry delay; doubles each attempt (BullMQ exponential backoff). */
  backoffMs: z.number().int().nonnegative().default(1_000),
  /** Keep finished jobs this long (s), so a repeated enqueue is recognised and results can be read. */
  keepCompletedSeconds: z.number().int().nonnegative().default(3_600),
  /** Keep failed jobs this long (s), for inspection. */
  keepFailedSeconds: z.number().int().nonnegative().default(7 * 24 * 3_600),
});

type ResolvedTurnQueueOptions = ResolvedQueueLocation & Omit<z.output<typeof TurnQueueOptionsSchema>, 'connection'>;

/** Options of {@link TurnQueue}: where the queue lives, and the retry policy of the jobs it adds. */
export type TurnQueueOptions = QueueLocation & Omit<z.input<typeof TurnQueueOptionsSchema>, 'connection' | 'queueName' | 'prefix'>;

/** Per-enqueue options. */
export interface EnqueueOptions {
  /** The id the user message gets (default: a new one). Enqueueing the same id again is a no-op. */
  inputMessageId?: MessageId | string;
  /** BullMQ priority (1 = highest; default: none, FIFO). */
  priority?: number;
}

/** What {@link TurnQueue.enqueue} returns. */
export interface EnqueuedTurn {
  /** The BullMQ job id (equal to `inputMessageId`). */
  jobId: string;
  sessionId: SessionId;
  /** The id of the user message the turn records; follow the session's events to see it run. */
  inputMessageId: MessageId;
  /** False when a job for this input message already existed (nothing was added). */
  created: boolean;
}

/**
 * The producer side: enqueues "run a turn for session S with input I" on a
 * BullMQ queue that {@link TurnWorker}s consume.
 *
 * Guarantees: a job id is its input message id, so enqueueing the same input
 * message twice adds one job; and the worker passes that id to
 * `runtime.runTurn`, so even a job added again after the first was removed
 * (or retried after a crash) records the message and runs the turn once.
 * Turns of one session never overlap (the runtime's per-session lease), but
 * turns enqueued for one session at the same time may start in any order:
 * enqueue the next after the previous result if order matters.
 *
 * @example
 * const queue = new TurnQueue({ connection: 'redis://127.0.0.1:6379' });
 * const { jobId } = await queue.enqueue(sessionId, 'What is 6 * 7?');
 * const result = await queue.waitForResult(jobId, { timeoutMs: 60_000 });
 * await queue.close();
 */
export class TurnQueue {
  readonly #options: ResolvedTurnQueueOptions;
  readonly #queue: Queue<TurnJobData, TurnResult>;
  #events: QueueEvents | undefined;
  #eventsReady: Promise<unknown> | undefined;

  /** @throws ValidationError naming each bad option. */
  constructor(options: TurnQueueOptions = {}) {
    this.#options = parseOptions(TurnQueueOptionsSchema, options, 'turn queue options') as ResolvedTurnQueueOptions;
    const { connection, queueName, prefix } = this.#options;
    this.#queue = new Queue<TurnJobData, TurnResult>(queueName, { connection: bullConnection(connection, 'producer'), prefix });
    // Connection errors surface on the calls that need Redis; without a listener they would crash the process.
    this.#queue.on('error', () => {});
    // Every pending `waitForResult` listens for the queue closing: one listener per awaited job, by design.
    this.#queue.setMaxListeners(0);
  }

  /** The BullMQ queue name. */
  get name(): string {
    return this.#options.queueName;
  }

  /**
   * Enqueues a turn. The input is validated here, so a malformed message is
   * rejected at once with a `ValidationError` and nothing is enqueued.
   *
   * @throws ValidationError for a bad session id, input message id or input.
   * @throws ConflictError when the input message id is already enqueued for another session or input.
   */
  async enqueue(sessionId: SessionId | string, input: string | InputMessageInput, options: EnqueueOptions = {}): Promise<EnqueuedTurn> {
    const session = parseId(SessionId, sessionId, 'session id');
    const inputMessageId = options.inputMessageId === undefined ? MessageId.generate() : parseId(MessageId, options.inputMessageId, 'input message id');
    const message = parseInput(input);
    const data: TurnJobData = { sessionId: session, inputMessageId, input: message, enqueueToken: randomUUID() };
    const jobOptions: JobsOptions = {
      jobId: turnJobId(inputMessageId),
      attempts: this.#options.attempts,
      backoff: { type: 'exponential', delay: this.#options.backoffMs },
      removeOnComplete: { age: this.#options.keepCompletedSeconds },
      removeOnFail: { age: this.#options.keepFailedSeconds },
      ...(options.priority === undefined ? {} : { priority: options.priority }),
    };
    const job = await this.#queue.add(TURN_JOB_NAME, data, jobOptions);
    const jobId = job.id ?? turnJobId(inputMessageId);
    // `add` answers with our own data even when the id existed: read back what is stored to tell.
    const stored = await this.#queue.getJob(jobId);
    const created = !stored || stored.data.enqueueToken === data.enqueueToken;
    if (stored && !created && (stored.data.sessionId !== session || JSON.stringify(stored.data.input) !== JSON.stringify(message)))
      throw new ConflictError(`input message ${inputMessageId} is already enqueued with a different session or input`);
    return { jobId, sessionId: session, inputMessageId, created };
  }

  /**
   * Waits until the turn job finishes and returns the turn's result (also for
   * a job that finished before the call).
   *
   * @throws NotFoundError when no such job exists (never enqueued, or removed after `keepCompletedSeconds`).
   * @throws CancelledError when `timeoutMs` (default 5 min) passes first; the job itself goes on.
   * @throws RuntimeError (code `internal`, the job's error as `cause`) when the job failed after its last attempt.
   */
  async waitForResult(jobId: string, options: { timeoutMs?: number } = {}): Promise<TurnResult> {
    const events = await this.#queueEvents();
    const job = await this.#queue.getJob(jobId);
    if (!job) throw new NotFoundError('turn job', jobId);
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    try {
      return await job.waitUntilFinished(events, timeoutMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/timed out/i.test(message)) throw new CancelledError(`stopped waiting for turn job ${jobId} after ${timeoutMs} ms`, { cause: error });
      throw new RuntimeError('internal', `turn job ${jobId} failed: ${message}`, { cause: error });
    }
  }

  /** `enqueue` then `waitForResult`. */
  async run(
    sessionId: SessionId | string,
    input: string | InputMessageInput,
    options: EnqueueOptions & { timeoutMs?: number } = {},
  ): Promise<TurnResult> {
    const { timeoutMs, ...enqueueOptions } = options;
    const { jobId } = await this.enqueue(sessionId, input, enqueueOptions);
    return this.waitForResult(jobId, timeoutMs === undefined ? {} : { timeoutMs });
  }

  /** Queue-wide job counts (waiting, active, delayed, failed, completed). */
  metrics(): Promise<JobCounts> {
    return readJobCounts(this.#queue);
  }

  /** Closes the Redis connections (jobs stay queued). */
  async close(): Promise<void> {
    await Promise.all([this.#events?.close(), this.#queue.close()]);
  }

  /** Starts listening to the queue's events on first use (a blocking connection of its own). */
  async #queueEvents(): Promise<QueueEvents> {
    if (!this.#events) {
      const { connection, queueName, prefix } = this.#options;
      this.#events = new QueueEvents(queueName, { connection: bullConnection(connection, 'worker'), prefix });
      this.#events.on('error', () => {});
      this.#eventsReady = this.#events.waitUntilReady();
    }
    await this.#eventsReady;
    return this.#events;
  }
}

function parseId<T>(kind: { parse(value: string): T }, value: unknown, what: string): T {
  if (typeof value !== 'string') throw new ValidationError(`${what} must be a string`, [{ path: what, message: 'expected a string' }]);
  try {
    return kind.parse(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`invalid ${what}: ${message}`, [{ path: what, message }]);
  }
}

function parseInput(input: string | InputMessageInput) {
  if (typeof input === 'string' && input.length === 0) throw new ValidationError('a text turn needs non-empty text', [{ path: 'input', message: 'empty text' }]);
  try {
    return toInputMessage(input);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    const mapped = issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
    throw new ValidationError(`invalid input message: ${mapped.map((i) => `${i.path}: ${i.message}`).join('; ')}`, mapped);
  }
}
