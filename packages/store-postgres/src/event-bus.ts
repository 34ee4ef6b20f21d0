import { checkEventBatch, type Event, type EventBus, type EventSubscription, isEphemeralType, SessionId, type SubscribeOptions } from '@org/core';
import type { PostgresHistoryStore } from './history-store.js';
import { ListenConnection } from './listen-connection.js';
import { NotifyBatcher } from './notify-batcher.js';
import { channelOf, decodeNotice, encodeEphemeral, encodeWake } from './notify-codec.js';
import type { PostgresContext } from './postgres-context.js';
import { type DurableSource, PgEventSubscription } from './pg-event-subscription.js';
import { requireId, requireInteger } from './validation.js';

/**
 * `EventBus` on PostgreSQL, needing nothing else.
 *
 * - **Durable events** are read from the event table of the
 *   {@link PostgresHistoryStore} on the same schema, which is the source of
 *   truth: `publish` writes nothing for them, it only sends a `NOTIFY`
 *   (payload: session id and highest sequence). So durable events must be
 *   appended to that history store before they are published (the runtime
 *   does that); a durable event that is not in the table reaches subscribers
 *   only once it is.
 * - **Subscribing** replays the table after the cursor, then follows live:
 *   one dedicated connection per bus `LISTEN`s, and each wake-up makes the
 *   session's subscribers re-read after their cursor. Lost notifications
 *   (e.g. while the listener reconnects) lose nothing, since a reconnect
 *   re-reads for every subscriber. Buffers are bounded by re-reading.
 * - **Ephemeral events** (deltas) travel inside `NOTIFY` payloads only and
 *   are never stored; the 8000-byte payload limit is handled by shortening
 *   `data.accumulated` to its tail (flagged with
 *   `metadata.accumulatedTruncated`), or dropping the event when even that
 *   does not fit (see `encodeEphemeral`).
 */
export class PostgresEventBus implements EventBus {
  private readonly channel: string;
  private readonly subscriptions = new Map<SessionId, Set<PgEventSubscription>>();
  private readonly listener: ListenConnection;
  private closed = false;
  private readonly source: DurableSource;
  private readonly notices: NotifyBatcher;

  constructor(
    private readonly ctx: PostgresContext,
    history: PostgresHistoryStore,
  ) {
    this.channel = channelOf(ctx.schema);
    // A reconnect may have missed notifications: every subscriber re-reads.
    this.listener = new ListenConnection(ctx, this.channel, {
      notification: (payload) => this.route(payload),
      up: (again) => {
        if (again) for (const set of this.subscriptions.values()) for (const subscription of set) subscription.wake();
      },
    });
    this.notices = new NotifyBatcher((payloads) =>
      this.ctx.query({
        name: this.ctx.statement('bus_notify'),
        pipeline: true,
        text: 'SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS t(payload)',
        values: [this.channel, payloads],
      }),
    );
    this.source = {
      readAfter: (sessionId, after, limit) => history.readEvents(sessionId, { after, limit }),
      lastSequence: (sessionId) => history.lastSequence(sessionId),
      ready: () => (this.closed ? Promise.reject(new Error('event bus closed')) : this.listener.connect()),
      onClose: (subscription) => this.forget(subscription),
    };
  }

  /**
   * Sends, in one statement and in publish order, one `NOTIFY` per run of
   * durable events of a session (its highest sequence) and one per ephemeral
   * event. Every envelope is checked first (`checkEventBatch` without payloads: a
   * bus routes events and derives nothing from their data; the runtime's own
   * sealed batches pass as they are); a bad one fails
   * the call and nothing is sent. One statement is in flight
   * per bus: publishes made meanwhile are sent together in the next one
   * (see `NotifyBatcher`), in publish order.
   */
  async publish(events: readonly Event[]): Promise<void> {
    if (this.closed) return;
    // Payloads keep publish order, so a delta published after a durable event reaches subscribers after it.
    const payloads: string[] = [];
    let lastWake: { sessionId: SessionId; index: number; sequence: number } | undefined;
    for (const event of checkEventBatch(events, { payload: false })) {
      if (event.ephemeral === true || isEphemeralType(event.type)) {
        const payload = encodeEphemeral(event);
        if (payload) payloads.push(payload);
        lastWake = undefined;
      } else if (lastWake?.sessionId === event.sessionId) {
        // A run of durable events of one session needs one wake-up, for its last sequence.
        lastWake.sequence = Math.max(lastWake.sequence, event.sequence);
        payloads[lastWake.index] = encodeWake(event.sessionId, lastWake.sequence);
      } else {
        lastWake = { sessionId: event.sessionId, index: payloads.length, sequence: event.sequence };
        payloads.push(encodeWake(event.sessionId, event.sequence));
        // Local subscribers made before this publish get these events even if their starting head already counts them.
        for (const subscription of this.subscriptions.get(event.sessionId) ?? []) subscription.publishedAfterSubscribing(event.sequence);
      }
    }
    if (payloads.length === 0) return;
    await this.notices.notify(payloads);
  }

  subscribe(sessionId: SessionId, options: SubscribeOptions = {}): EventSubscription {
    requireId(SessionId, sessionId, 'session id');
    const after = options.after === undefined ? undefined : requireInteger(options.after, 'after', 0);
    const subscription = new PgEventSubscription(sessionId, this.source, after, this.closed ? AbortSignal.abort() : options.signal);
    let set = this.subscriptions.get(sessionId);
    if (!set) {
      set = new Set();
      this.subscriptions.set(sessionId, set);
    }
    set.add(subscription);
    return subscription;
  }

  /** Lets notifications already handed in go out, then ends every subscription and releases the LISTEN connection (the pool stays open). */
  async close(): Promise<void> {
    this.closed = true;
    // Publishes already made (the runtime does not wait for them) go out before the pool may be ended.
    await this.notices.drained();
    for (const set of [...this.subscriptions.values()]) for (const subscription of [...set]) subscription.close();
    this.subscriptions.clear();
    await this.listener.close();
  }

  private forget(subscription: PgEventSubscription): void {
    const set = this.subscriptions.get(subscription.sessionId);
    set?.delete(subscription);
    if (set?.size === 0) this.subscriptions.delete(subscription.sessionId);
  }

  private route(payload: string | undefined): void {
    const notice = decodeNotice(payload);
    if (!notice) return;
    if (notice.kind === 'wake') {
      for (const subscription of this.subscriptions.get(notice.sessionId) ?? []) subscription.notify(notice.sequence);
      return;
    }
    for (const subscription of this.subscriptions.get(notice.event.sessionId) ?? []) subscription.deliverEphemeral(notice.event);
  }
}
