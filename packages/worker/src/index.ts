export { type DrainOnSignalsOptions, drainOnSignals } from './drain-on-signals.js';
export { type JobCounts, readJobCounts } from './job-counts.js';
export { LATENCY_BUCKETS_MS, LatencyHistogram, type LatencySummary } from './latency-histogram.js';
export { bullConnection, type QueueLocation, QueueLocationSchema, type ResolvedQueueLocation } from './queue-options.js';
export { parseTurnJobData, TURN_JOB_NAME, TurnJobData, turnJobId } from './turn-job.js';
export { type EnqueuedTurn, type EnqueueOptions, TurnQueue, type TurnQueueOptions } from './turn-queue.js';
export {
  type DrainOutcome,
  type DrainTimeoutAction,
  TurnWorker,
  /** Alias of {@link TurnWorker}. */
  TurnWorker as Worker,
  type TurnWorkerMetrics,
  type TurnWorkerOptions,
} from './turn-worker.js';
