import type { Event, EventSubscription } from '@org/core';

/**
 * Reads exactly `count` events from a subscription (without closing it).
 * Rejects if the subscription ends first, naming how many arrived.
 */
export async function takeEvents(subscription: EventSubscription, count: number): Promise<Event[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const events: Event[] = [];
  while (events.length < count) {
    const result = await iterator.next();
    if (result.done) throw new Error(`subscription ended after ${events.length} of ${count} events`);
    events.push(result.value);
  }
  return events;
}

/** Resolves with whether the subscription ended (its iterator returned `done`) before yielding any event. */
export async function endsWithoutEvents(subscription: EventSubscription): Promise<boolean> {
  const result = await subscription[Symbol.asyncIterator]().next();
  return result.done === true;
}
