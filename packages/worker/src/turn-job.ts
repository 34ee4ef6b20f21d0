import { InputMessage, MessageId, SessionId, ValidationError } from '@org/core';
import { z } from 'zod';

/** The BullMQ job name of a turn. */
export const TURN_JOB_NAME = 'turn';

/** What a turn job carries: run `input` on `sessionId`, recorded as message `inputMessageId`. */
export const TurnJobData = z.object({
  sessionId: SessionId.schema,
  inputMessageId: MessageId.schema,
  input: InputMessage,
  /** Random per enqueue call; tells a fresh job from one that already existed under the same id. */
  enqueueToken: z.string().min(1),
});
export type TurnJobData = z.output<typeof TurnJobData>;

/**
 * The job id of a turn: its input message id. BullMQ ignores an `add` whose
 * job id exists, which makes enqueueing idempotent while the job is kept; the
 * runtime's `inputMessageId` check covers the time after it was removed.
 */
export function turnJobId(inputMessageId: MessageId): string {
  return inputMessageId;
}

/** Validates job data read back from Redis (a job written by another version fails clearly). */
export function parseTurnJobData(value: unknown): TurnJobData {
  const parsed = TurnJobData.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
  throw new ValidationError(`invalid turn job: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
