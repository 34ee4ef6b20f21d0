import { setTimeout as sleep } from 'node:timers/promises';
import { DriverError, type LlmCallConfig, type LlmDoneMetadata, type LlmDriver, type LlmStreamEvent } from '../driver/driver.js';
import type { ToolCall } from '../messages/content-part.js';
import type { LlmMessage } from '../messages/llm-message.js';
import type { RetryOptions } from '../runtime/runtime-options.js';
import { deadlinesOf } from './deadline-list.js';
import type { WorkSignal } from './work-signal.js';

/** What one (possibly retried) driver call produced. */
export interface DriverCallOutcome {
  text: string;
  thinking: string;
  thinkingSignature?: string;
  toolCalls: ToolCall[];
  done?: LlmDoneMetadata;
  /** Set when the call failed with nothing usable produced. */
  error?: DriverError;
  cancelled: boolean;
  attempts: number;
  totalWaitMs: number;
  timeToFirstTokenMs?: number;
}

export interface DriverCallOptions {
  driver: LlmDriver;
  messages: readonly LlmMessage[];
  config: LlmCallConfig;
  /** The turn's signal (cancellation). */
  signal: AbortSignal;
  /** What the driver is given: aborted by the turn, or here when the stream stalls. */
  work: WorkSignal;
  retry: RetryOptions;
  stallTimeoutMs: number;
  onTextDelta(text: string): void;
  onThinkingDelta(text: string): void;
}

/**
 * Calls the driver, retrying transient failures with exponential backoff
 * while nothing was produced yet. A failure after some output counts as a
 * success with what arrived (the original's rule). A stream silent for
 * `stallTimeoutMs` fails as a retryable `stall`.
 */
export async function callDriver(options: DriverCallOptions): Promise<DriverCallOutcome> {
  const started = performance.now();
  let totalWaitMs = 0;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(options, started);
    outcome.attempts = attempt;
    outcome.totalWaitMs = totalWaitMs;
    const error = outcome.error;
    if (!error || outcome.cancelled || !error.retryable || attempt >= options.retry.maxAttempts) return outcome;
    const backoff = Math.min(options.retry.initialBackoffMs * 2 ** (attempt - 1), options.retry.maxBackoffMs);
    if (totalWaitMs + backoff > options.retry.totalBudgetMs) {
      outcome.error = new DriverError(`${error.message} (retry time budget exhausted after ${attempt} attempts)`, {
        kind: error.kind,
        ...(error.status === undefined ? {} : { status: error.status }),
        retryable: false,
        cause: error,
      });
      return outcome;
    }
    try {
      await sleep(backoff, undefined, { signal: options.signal });
    } catch {
      outcome.cancelled = true;
      return outcome;
    }
    totalWaitMs += backoff;
  }
}

async function attemptOnce(options: DriverCallOptions, started: number): Promise<DriverCallOutcome> {
  const outcome: DriverCallOutcome = { text: '', thinking: '', toolCalls: [], cancelled: false, attempts: 1, totalWaitMs: 0 };
  // The turn's shared work signal; a stall aborts it (the next attempt then gets a fresh one).
  const signal = options.work.signal;
  let produced = false;
  // The wait for the current chunk: the stall timer rejects it, so a driver that ignores the abort cannot hang the turn.
  // (One promise per chunk; Promise.race against a shared stall promise costs three and piles reactions onto it.)
  let stalled: DriverError | undefined;
  let rejectWait: ((error: DriverError) => void) | undefined;
  const stallDeadline = deadlinesOf(options.stallTimeoutMs).start(() => {
    stalled = new DriverError(`LLM stream stalled: no data for ${options.stallTimeoutMs} ms`, { kind: 'stall' });
    options.work.abort();
    rejectWait?.(stalled);
  });
  // Chunks are joined once at the end: `+=` per chunk would leave the kept text a rope of one node per chunk.
  const textParts: string[] = [];
  const thinkingParts: string[] = [];
  try {
    const iterator = options.driver.stream(options.messages, options.config, { signal })[Symbol.asyncIterator]();
    const nextChunk = () =>
      new Promise<IteratorResult<LlmStreamEvent>>((resolve, reject) => {
        if (stalled) return reject(stalled);
        rejectWait = reject;
        iterator.next().then(resolve, reject);
      });
    for (;;) {
      const next = await nextChunk();
      if (next.done) break;
      stallDeadline.refresh();
      const event = next.value;
      switch (event.type) {
        case 'text-delta':
          if (event.text === '') break;
          if (outcome.timeToFirstTokenMs === undefined) outcome.timeToFirstTokenMs = performance.now() - started;
          produced = true;
          textParts.push(event.text);
          options.onTextDelta(event.text);
          break;
        case 'thinking-delta':
          produced = true;
          thinkingParts.push(event.text);
          options.onThinkingDelta(event.text);
          break;
        case 'thinking-signature':
          outcome.thinkingSignature = event.signature;
          break;
        case 'tool-calls':
          produced = true;
          outcome.toolCalls = event.toolCalls;
          break;
        case 'done':
          outcome.done = event.metadata;
          return outcome;
        case 'error':
          if (!produced) outcome.error = event.error;
          return outcome;
      }
    }
    return outcome;
  } catch (error) {
    if (options.signal.aborted) {
      outcome.cancelled = true;
      return outcome;
    }
    if (!produced) outcome.error = error instanceof DriverError ? error : new DriverError(errorMessage(error), { kind: 'other', cause: error });
    return outcome;
  } finally {
    stallDeadline.cancel();
    if (textParts.length > 0) outcome.text = textParts.join('');
    if (thinkingParts.length > 0) outcome.thinking = thinkingParts.join('');
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
