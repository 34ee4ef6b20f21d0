import { z } from 'zod';
import { ExecId, MessageId, TurnId } from '../ids/index.js';

/** Where an event happened: the turn, its input message, the atom execution, and trace ids. */
export const EventContext = z.object({
  turnId: TurnId.schema.optional(),
  inputMessageId: MessageId.schema.optional(),
  execId: ExecId.schema.optional(),
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  parentSpanId: z.string().optional(),
});
export type EventContext = z.output<typeof EventContext>;
