import { type Event, isEphemeralType } from '@org/core';

/** True for live-only events: flagged `ephemeral` or of an ephemeral type (deltas). */
export function isEphemeralEvent(event: Pick<Event, 'type' | 'ephemeral'>): boolean {
  return event.ephemeral === true || isEphemeralType(event.type);
}
