import { type Event, type EventBus, isEphemeralType, type SessionId } from '@org/core';
import type { PostgresHistoryStore } from '../history-store.js';

const isLive = (event: Event) => event.ephemeral === true || isEphemeralType(event.type);

/**
 * The runtime's write path for the generic bus suite, in the runtime's order:
 * ephemeral events (deltas) are published as they come, and each run of
 * durable events goes into the history store first (skipping those already
 * stored, as a retried publish would), then to the bus. `PostgresEventBus`
 * reads durable events from that table, and once linked the append itself
 * sends their wake-up, so a delta published before a durable event must be
 * published before that event is appended, as the runtime does.
 */
export function appendThenPublish(history: PostgresHistoryStore, bus: EventBus): EventBus {
  return {
    async publish(events: readonly Event[]) {
      let start = 0;
      while (start < events.length) {
        const live = isLive(events[start] as Event);
        let end = start + 1;
        while (end < events.length && isLive(events[end] as Event) === live) end += 1;
        const run = events.slice(start, end);
        if (!live) await appendFresh(history, run);
        await bus.publish(run);
        start = end;
      }
    },
    subscribe: (sessionId, options) => bus.subscribe(sessionId, options),
    close: () => bus.close(),
  };
}

async function appendFresh(history: PostgresHistoryStore, durable: readonly Event[]): Promise<void> {
  const bySession = new Map<SessionId, Event[]>();
  for (const event of durable) {
    const list = bySession.get(event.sessionId) ?? [];
    list.push(event);
    bySession.set(event.sessionId, list);
  }
  for (const [sessionId, events] of bySession) {
    const last = await history.lastSequence(sessionId);
    const fresh = events.filter((event) => event.sequence > last);
    if (fresh.length > 0) await history.append(sessionId, fresh);
  }
}
