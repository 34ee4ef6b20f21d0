import { z } from 'zod';

/** Backoff of failed driver calls: `initialBackoffMs`, doubling, capped, within a time budget. */
export const RetryOptions = z.object({
  /** Attempts in all (1 = no retry). */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  initialBackoffMs: z.number().nonnegative().default(250),
  maxBackoffMs: z.number().nonnegative().default(8_000),
  /** No retry starts once this much time was spent waiting. */
  totalBudgetMs: z.number().nonnegative().default(60_000),
});
export type RetryOptions = z.output<typeof RetryOptions>;

/** A sink for diagnostics; defaults to a silent logger. */
export interface RuntimeLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Tunables of a runtime. Every field has a sane default. */
export const RuntimeOptions = z.object({
  /** Reason-step ceiling when neither agent nor session sets one. */
  maxIterations: z.number().int().positive().default(500),
  /** Concurrent tool calls per act step. */
  toolConcurrency: z.number().int().min(1).max(256).default(10),
  /** Default per-call tool timeout. */
  toolTimeoutMs: z.number().int().positive().default(120_000),
  retry: RetryOptions.default(RetryOptions.parse({})),
  /** A driver stream silent for this long fails as a retryable `stall`. */
  stallTimeoutMs: z.number().int().positive().default(120_000),
  /** Minimum spacing of `output.message.delta` events (text is accumulated in between). */
  deltaIntervalMs: z.number().int().nonnegative().default(50),
  /**
   * When a turn is already running on the session: `queue` waits for it
   * (FIFO), `error` fails at once with `SessionBusyError`.
   */
  ifBusy: z.enum(['queue', 'error']).default('queue'),
  /**
   * What a crash can lose. `atom` (default): events are committed once per
   * atom, so an interrupted act step runs again on resume. `tool`: the act
   * step also commits each `tool.started` before the tool runs and each
   * `tool.completed` as it finishes, so resumed turns never re-run a
   * completed tool, and re-run an interrupted one only when it is marked
   * idempotent (more commits per act step).
   */
  durability: z.enum(['atom', 'tool']).default('atom'),
  /** Validate every emitted event against the catalogue (costs time; on in tests). */
  validateEvents: z.boolean().default(false),
  /** Copy the whole conversation into `llm.generation` (debug; grows storage quadratically). */
  captureGenerationMessages: z.boolean().default(false),
});
export type RuntimeOptions = z.output<typeof RuntimeOptions>;
export type RuntimeOptionsInput = z.input<typeof RuntimeOptions>;
