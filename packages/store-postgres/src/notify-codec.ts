import { createHash } from 'node:crypto';
import type { Event, SessionId } from '@org/core';

/**
 * Largest NOTIFY payload sent, in bytes. The server refuses payloads of 8000
 * bytes or more; the margin keeps us clear of it.
 */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7900;

/** The LISTEN/NOTIFY channel of a schema: `<schema>:events`, or a hashed form when that exceeds 63 bytes. */
export function channelOf(schema: string): string {
  const plain = `${schema}:events`;
  if (plain.length <= 63) return plain;
  return `${schema.slice(0, 40)}:${createHash('sha1').update(schema).digest('hex').slice(0, 16)}:ev`;
}

/** What a notification says: durable events up to `sequence` are in the table, or here is an ephemeral event. */
export type Notice = { kind: 'wake'; sessionId: SessionId; sequence: number } | { kind: 'ephemeral'; event: Event };

/** `w:<sequence>:<sessionId>`: a wake-up; subscribers re-read the table. */
export function encodeWake(sessionId: SessionId, sequence: number): string {
  return `w:${sequence}:${sessionId}`;
}

/**
 * `e:<event JSON>`. Size rule: when the event does not fit, its
 * `data.accumulated` (the text so far, which deltas repeat) is shortened to
 * its **tail** that fits and `metadata.accumulatedTruncated` is set; `delta`
 * is never cut. If it still does not fit (a single delta of ~7.9 kB), the
 * event is dropped: `undefined` is returned.
 */
export function encodeEphemeral(event: Event): string | undefined {
  const whole = `e:${JSON.stringify(event)}`;
  if (Buffer.byteLength(whole) <= MAX_NOTIFY_PAYLOAD_BYTES) return whole;
  const data = event.data as { accumulated?: unknown };
  if (typeof data.accumulated !== 'string') return undefined;
  const accumulated = data.accumulated;
  const build = (tailLength: number) =>
    `e:${JSON.stringify({
      ...event,
      data: { ...event.data, accumulated: tailLength > 0 ? accumulated.slice(-tailLength) : '' },
      metadata: { ...event.metadata, accumulatedTruncated: true },
    })}`;
  if (Buffer.byteLength(build(0)) > MAX_NOTIFY_PAYLOAD_BYTES) return undefined;
  // Binary search for the longest tail that fits (escaping makes bytes per character vary).
  let low = 0;
  let high = accumulated.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(build(mid)) <= MAX_NOTIFY_PAYLOAD_BYTES) low = mid;
    else high = mid - 1;
  }
  return build(low);
}

/** Parses a payload from {@link encodeWake} / {@link encodeEphemeral}; anything else is `undefined`. */
export function decodeNotice(payload: string | undefined): Notice | undefined {
  if (!payload) return undefined;
  try {
    if (payload.startsWith('w:')) {
      const separator = payload.indexOf(':', 2);
      const sequence = Number(payload.slice(2, separator));
      if (separator < 0 || !Number.isInteger(sequence)) return undefined;
      return { kind: 'wake', sequence, sessionId: payload.slice(separator + 1) as SessionId };
    }
    if (payload.startsWith('e:')) return { kind: 'ephemeral', event: JSON.parse(payload.slice(2)) as Event };
  } catch {
    // A foreign or corrupt payload on our channel is ignored rather than breaking the listener.
  }
  return undefined;
}
