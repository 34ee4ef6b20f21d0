import { ValidationError } from '../errors.js';
import { EventId, SessionId } from '../ids/index.js';
import { EventDataSchemas, type EventType, isEphemeralType } from './catalogue.js';
import type { Event } from './event.js';
import { isSealedBatch } from './sealed-event.js';

/** Event types whose payload becomes a stored message, so stores check it in full. */
const PROJECTED: ReadonlySet<string> = new Set(['input.message', 'output.message.completed', 'tool.completed']);

/**
 * A fast check of an event at a store or bus boundary: the envelope in full
 * (id, session, sequence, type, timestamp, live-only flag) and, for the
 * events that become messages, the payload with its zod schema. Other
 * payloads are typed by their producer (the runtime validates everything it
 * emits when `validateEvents` is on). `payload: false` skips even those
 * (a bus only routes events; it derives nothing from payloads). Far cheaper than parsing the whole
 * discriminated union, which matters on the per-atom append path. (A whole
 * batch this runtime emitted skips it: see {@link checkEventBatch}.)
 *
 * @throws ValidationError naming the bad field.
 */
export function checkEvent(value: unknown, where = 'event', options: { payload?: boolean } = {}): Event {
  const fail = (path: string, message: string): never => {
    throw new ValidationError(`invalid ${where}: ${path}: ${message}`, [{ path, message }]);
  };
  if (typeof value !== 'object' || value === null) fail('(event)', 'expected an object');
  const event = value as Record<string, unknown>;
  if (!EventId.is(event.id)) fail('id', 'expected "event_" followed by 32 lowercase hex characters');
  if (!SessionId.is(event.sessionId)) fail('sessionId', 'expected "session_" followed by 32 lowercase hex characters');
  if (typeof event.type !== 'string' || !Object.hasOwn(EventDataSchemas, event.type)) fail('type', `unknown event type ${JSON.stringify(event.type)}`);
  const sequence = event.sequence;
  if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 0) fail('sequence', 'expected a non-negative integer');
  if (typeof event.ts !== 'string' || Number.isNaN(Date.parse(event.ts))) fail('ts', 'expected an RFC 3339 timestamp');
  if (typeof event.context !== 'object' || event.context === null) fail('context', 'expected an object');
  if (typeof event.data !== 'object' || event.data === null) fail('data', 'expected an object');
  const type = event.type as EventType;
  if (event.ephemeral !== undefined && event.ephemeral !== isEphemeralType(type)) fail('ephemeral', `must match the type (${type})`);
  if (options.payload !== false && PROJECTED.has(type)) {
    const parsed = EventDataSchemas[type].safeParse(event.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail(`data.${issue?.path.map(String).join('.') ?? ''}`, issue?.message ?? 'invalid payload');
    }
  }
  return value as Event;
}

/**
 * {@link checkEvent} for a history store's `append`: the event must also be
 * durable (not live-only) and belong to `sessionId`.
 *
 * @throws ValidationError naming the event's index in the batch.
 */
export function checkDurableEvent(sessionId: string, value: unknown, index: number): Event {
  const event = checkEvent(value, `event at index ${index}`);
  if (event.ephemeral === true || isEphemeralType(event.type)) {
    throw new ValidationError(`invalid event at index ${index}: ${event.type} is ephemeral and is never stored`, [
      { path: `${index}.type`, message: 'ephemeral events are live-only' },
    ]);
  }
  if (event.sessionId !== sessionId) {
    throw new ValidationError(`invalid event at index ${index}: it belongs to ${event.sessionId}, not ${sessionId}`, [
      { path: `${index}.sessionId`, message: 'session mismatch' },
    ]);
  }
  return event;
}

/** Throws unless `value` is an array (a batch of events). */
function requireBatch(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new ValidationError('invalid events: expected an array of events', [{ path: 'events', message: 'not an array' }]);
  return value;
}

/**
 * The events of a batch handed to a bus's `publish`: a batch the runtime
 * emitted ({@link isSealedBatch}) passes as it is; anything else is checked
 * event by event with {@link checkEvent}.
 *
 * @throws ValidationError naming the bad event's index and field.
 */
export function checkEventBatch(value: unknown, options: { payload?: boolean } = {}): readonly Event[] {
  if (isSealedBatch(value)) return value;
  return requireBatch(value).map((event, index) => checkEvent(event, `event at index ${index}`, options));
}

/**
 * The events of a batch handed to a history store's `append`: a batch the
 * runtime emitted passes as it is (its writer only seals durable events of
 * its own session); anything else is checked event by event with
 * {@link checkDurableEvent}.
 *
 * @throws ValidationError naming the bad event's index and field.
 */
export function checkDurableBatch(sessionId: string, value: unknown): readonly Event[] {
  if (isSealedBatch(value)) return value;
  return requireBatch(value).map((event, index) => checkDurableEvent(sessionId, event, index));
}
