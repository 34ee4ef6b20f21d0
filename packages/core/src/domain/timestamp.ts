import { z } from 'zod';

/** An RFC 3339 timestamp string (UTC, millisecond precision), e.g. `2026-11-25T10:00:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = string;

/** The current time as a {@link Timestamp}. */
export function now(): Timestamp {
  return new Date().toISOString();
}
