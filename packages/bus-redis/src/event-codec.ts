import { EVENT_TYPES, type Event, EventId, isEphemeralType, parseEvent, SessionId, ValidationError } from '@org/core';
import { z } from 'zod';

/**
 * What `publish` checks of each event: the fields the bus routes and orders
 * by. The payload is checked in full by every receiver (see {@link decodeEvent}),
 * which keeps the emit path cheap enough for high event rates.
 */
const PublishedEnvelope = z.object({
  id: EventId.schema,
  type: z.enum(EVENT_TYPES as [string, ...string[]]),
  sessionId: SessionId.schema,
  sequence: z.number().int().nonnegative(),
  ephemeral: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()),
});

/** True for live-only events: flagged `ephemeral`, or of a delta type. */
export function isLiveOnly(event: Pick<Event, 'type' | 'ephemeral'>): boolean {
  return event.ephemeral === true || isEphemeralType(event.type);
}

/** Checks an event handed to `publish`; throws a {@link ValidationError} naming the bad fields. */
export function checkPublishedEvent(event: unknown, index: number): asserts event is Event {
  const parsed = PublishedEnvelope.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: `events.${index}.${issue.path.join('.')}`, message: issue.message }));
    throw new ValidationError(`cannot publish event #${index}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const { sequence, type, ephemeral } = parsed.data;
  // Durable sequences start at 1 (stream id 0-0 is reserved by Redis).
  if (!(ephemeral === true || isEphemeralType(type as Event['type'])) && sequence < 1) {
    const issue = { path: `events.${index}.sequence`, message: 'a durable event needs a sequence of at least 1' };
    throw new ValidationError(`cannot publish event #${index}: ${issue.path}: ${issue.message}`, [issue]);
  }
}

/** The wire form of an event (one stream field, or one pub/sub message). */
export function encodeEvent(event: Event): string {
  return JSON.stringify(event);
}

/** Parses and fully validates an event read from Redis. */
export function decodeEvent(raw: string): Event {
  return parseEvent(JSON.parse(raw));
}
