import type { Queue } from 'bullmq';

/** How many turn jobs are in each state, queue-wide (every worker together). */
export interface JobCounts {
  /** Ready to run (including prioritised jobs). */
  waiting: number;
  /** Taken by a worker right now. */
  active: number;
  /** Waiting out a retry backoff. */
  delayed: number;
  /** Failed after their last attempt (kept per `removeOnFail`). */
  failed: number;
  /** Finished (kept per `removeOnComplete`). */
  completed: number;
}

/** Reads the job counts of a queue (one round trip). */
export async function readJobCounts(queue: Queue): Promise<JobCounts> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
  return {
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}
