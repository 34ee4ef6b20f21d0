import { z } from 'zod';
import { Timestamp } from '../domain/timestamp.js';
import { EventId, SessionId } from '../ids/index.js';
import { type EventData, EventDataSchemas, type EventType } from './catalogue.js';
import { EventContext } from './context.js';

const envelope = {
  id: EventId.schema,
  ts: Timestamp,
  sessionId: SessionId.schema,
  /**
   * Per-session, strictly increasing, starting at 1, for durable events. An
   * ephemeral event carries the sequence of the last durable event already
   * stored when it was emitted.
   */
  sequence: z.number().int().nonnegative(),
  /** True for live-only events (deltas), which are never stored. */
  ephemeral: z.boolean().optional(),
  context: EventContext,
  metadata: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.string()).optional(),
};

type EventSchemaOf<T extends EventType> = z.ZodObject<
  typeof envelope & { type: z.ZodLiteral<T>; data: (typeof EventDataSchemas)[T] }
>;

const eventSchemas = (Object.keys(EventDataSchemas) as EventType[]).map((type) =>
  z.object({ ...envelope, type: z.literal(type), data: EventDataSchemas[type] }),
) as unknown as [EventSchemaOf<EventType>, ...EventSchemaOf<EventType>[]];

/** The zod schema of a stored or delivered event: an envelope discriminated by `type`. */
export const Event = z.discriminatedUnion('type', eventSchemas);

/** An event of type `T` with its typed payload. */
export type Event<T extends EventType = EventType> = T extends EventType
  ? {
      id: EventId;
      type: T;
      ts: string;
      sessionId: SessionId;
      sequence: number;
      ephemeral?: boolean;
      context: EventContext;
      data: EventData<T>;
      metadata?: Record<string, unknown>;
      tags?: string[];
    }
  : never;

/** What producers hand to an emitter: an event before it has an id, sequence and timestamp. */
export type EventRequest<T extends EventType = EventType> = T extends EventType
  ? { type: T; context?: EventContext; data: EventData<T>; metadata?: Record<string, unknown>; tags?: string[] }
  : never;

/** Narrows an event to a type. */
export function isEventOfType<T extends EventType>(event: Event, type: T): event is Event<T> {
  return event.type === type;
}

/** Validates an unknown value as an {@link Event}; throws a zod error naming the bad field. */
export function parseEvent(value: unknown): Event {
  return Event.parse(value) as Event;
}
