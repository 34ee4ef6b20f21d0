import { z } from 'zod';

/** An RFC 3339 timestamp string (UTC, millisecond precision), e.g. `2026-11-25T10:00:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = string;

let lastMs = Number.NaN;
let lastTimestamp = '';

/**
 * The current time as a {@link Timestamp}. Formatted at most once per
 * millisecond: `toISOString` costs about a microsecond, and a turn stamps
 * dozens of events and messages within the same few milliseconds (they then
 * also share one string).
 */
export function now(): Timestamp {
  return timestampAt(Date.now());
}

/** The {@link Timestamp} of an epoch millisecond (formatted once per distinct millisecond in a row, like {@link now}). */
export function timestampAt(ms: number): Timestamp {
  if (ms !== lastMs) {
    lastMs = ms;
    lastTimestamp = new Date(ms).toISOString();
  }
  return lastTimestamp;
}
