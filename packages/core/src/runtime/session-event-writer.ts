import type { EventBus } from '../bus/event-bus.js';
import { isEphemeralType } from '../events/catalogue.js';
import { type Event, Event as EventSchema, type EventRequest } from '../events/event.js';
import { deepFreezeJson, sealBatch } from '../events/sealed-event.js';
import { timestampAt } from '../domain/timestamp.js';
import type { EventId, SessionId } from '../ids/index.js';
import { uuidV7Generator } from '../ids/uuid-v7.js';
import type { FenceToken, HistoryStore } from '../stores/history-store.js';
import type { RuntimeLogger } from './runtime-options.js';

export interface SessionEventWriterOptions {
  history: HistoryStore;
  bus: EventBus;
  fence?: FenceToken;
  validate?: boolean;
  logger: RuntimeLogger;
  /** Called with each batch once it is durable (before it is published). */
  onCommitted?: (events: readonly Event[]) => void;
}

/**
 * Emits a session's events during a turn. It assigns ids and per-session
 * sequences itself (the turn holds the session, so nobody else appends),
 * buffers durable events and writes them in **one append per flush** — the
 * runtime flushes once per atom, which is what keeps persistence at one
 * commit per atom. Ephemeral events (deltas) go to the bus at once and take
 * no sequence number: they carry the sequence of the last committed event.
 */
export class SessionEventWriter {
  #sequence: number;
  #committed: number;
  #buffer: Event[] = [];
  #flushing: Promise<void> = Promise.resolve();
  /** Flushes scheduled and not yet finished (the next one waits for the last). */
  #scheduled = 0;
  readonly #listeners = new Set<(event: Event) => void>();

  constructor(
    readonly sessionId: SessionId,
    lastSequence: number,
    private readonly options: SessionEventWriterOptions,
  ) {
    this.#sequence = lastSequence;
    this.#committed = lastSequence;
  }

  /** The last durable sequence stored. */
  get committedSequence(): number {
    return this.#committed;
  }

  /** Observes every event as it is emitted (used by `streamTurn`). */
  listen(listener: (event: Event) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<R extends EventRequest>(request: R): Event<R['type']> {
    const ephemeral = isEphemeralType(request.type);
    // One clock read for the id and the timestamp.
    const ms = Date.now();
    const event = {
      id: nextEventId(ms) as EventId,
      type: request.type,
      ts: timestampAt(ms),
      sessionId: this.sessionId,
      // A live-only event carries the last *committed* sequence: subscribers in other processes
      // order deltas after durable events they have, so pointing at a buffered one would hold them back.
      sequence: ephemeral ? this.#committed : ++this.#sequence,
      context: request.context ?? {},
      data: request.data,
    } as Event;
    if (ephemeral) event.ephemeral = true;
    if (request.metadata) event.metadata = request.metadata;
    if (request.tags) event.tags = request.tags;
    if (this.options.validate) EventSchema.parse(event);
    if (ephemeral) {
      // Sealed as the runtime's own: buses skip re-checking it.
      this.options.bus.publish(sealBatch([event])).catch((error: unknown) => this.#warnPublish(error));
    } else {
      this.#buffer.push(event);
    }
    if (this.#listeners.size > 0) {
      // Shared with code outside the runtime before it is stored: nobody may change it from here on.
      deepFreezeJson(event, `event ${event.type}`);
      for (const listener of this.#listeners) listener(event);
    }
    return event as Event<R['type']>;
  }

  /**
   * Stores the buffered durable events in one append, then publishes them
   * without waiting for the bus. When the append fails nothing was stored,
   * the sequence counter rolls back and the error propagates; a failed
   * publish only warns (the history is the record, and subscribers re-read
   * it).
   */
  flush(): Promise<void> {
    // Flushes are serialised: appends must reach the store in sequence order. The usual flush finds none
    // running and starts at once (no promise chaining on the hot path).
    if (this.#scheduled === 0 && this.#buffer.length === 0) return RESOLVED;
    this.#scheduled++;
    const flush = this.#scheduled === 1 ? this.#flushNow() : this.#flushing.then(() => this.#flushNow(), () => this.#flushNow());
    this.#flushing = flush;
    return flush;
  }

  async #flushNow(): Promise<void> {
    const buffered = this.#buffer;
    this.#buffer = [];
    try {
      if (buffered.length === 0) return;
      // Sealed as the runtime's own: stores and buses skip re-checking its events.
      const batch = sealBatch(buffered);
      try {
        await this.options.history.append(this.sessionId, batch, this.options.fence ? { fence: this.options.fence } : undefined);
      } catch (error) {
        // Nothing of the batch was stored: forget it and anything emitted meanwhile, and reuse its sequences.
        this.#sequence = this.#committed;
        this.#buffer = [];
        throw error;
      }
      this.#committed = (batch[batch.length - 1] as Event).sequence;
      this.options.onCommitted?.(batch);
      // Not awaited: the history is the record, so the turn does not wait for the notification (a round trip on
      // networked buses). Buses take publishes in call order, so events still go out in sequence order.
      try {
        this.options.bus.publish(batch).catch((error: unknown) => this.#warnPublish(error));
      } catch (error) {
        this.#warnPublish(error);
      }
    } finally {
      this.#scheduled--;
    }
  }

  #warnPublish(error: unknown): void {
    this.options.logger.warn('event bus publish failed; subscribers will catch up from the history', {
      sessionId: this.sessionId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Event ids (the same as `EventId.generate()`, for a given clock reading). */
const nextEventId = uuidV7Generator('event');

/** The result of a flush with nothing to do. */
const RESOLVED: Promise<void> = Promise.resolve();

