import { type Event, type EventBus, isEphemeralType, type SessionId } from '@org/core';
import type { PostgresHistoryStore } from '../history-store.js';

/**
 * The runtime's write path for the generic bus suite: durable events go into
 * the history store first (skipping those already stored, as a retried
 * publish would), then the bus is told. `PostgresEventBus` reads durable
 * events from that table, so this is how it is used in production.
 */
export function appendThenPublish(history: PostgresHistoryStore, bus: EventBus): EventBus {
  return {
    async publish(events: readonly Event[]) {
      const bySession = new Map<SessionId, Event[]>();
      for (const event of events) {
        if (event.ephemeral === true || isEphemeralType(event.type)) continue;
        const list = bySession.get(event.sessionId) ?? [];
        list.push(event);
        bySession.set(event.sessionId, list);
      }
      for (const [sessionId, durable] of bySession) {
        const last = await history.lastSequence(sessionId);
        const fresh = durable.filter((event) => event.sequence > last);
        if (fresh.length > 0) await history.append(sessionId, fresh);
      }
      await bus.publish(events);
    },
    subscribe: (sessionId, options) => bus.subscribe(sessionId, options),
    close: () => bus.close(),
  };
}
