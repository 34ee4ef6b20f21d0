import type { Redis } from 'ioredis';
import { decodeEvent } from './event-codec.js';
import type { RedisSubscription } from './redis-subscription.js';

/** Where the live channel finds a channel's subscriptions and reports trouble. */
export interface LiveChannelSource {
  subscriptionsOfChannel(channel: string): Iterable<RedisSubscription> | undefined;
  onError(error: Error): void;
}

/**
 * Ephemeral events (deltas) travel over Redis pub/sub, one channel per
 * session, on a dedicated connection. Pub/sub keeps no history, which is
 * exactly the contract for live-only events: never replayed, never stored in
 * the stream (each delta carries the text accumulated so far, so storing them
 * would grow Redis memory with the square of the message length), and they
 * consume no sequence. ioredis re-subscribes by itself after a reconnect;
 * deltas sent while disconnected are simply missed.
 */
export class LiveChannel {
  private readonly channels = new Set<string>();

  constructor(
    private readonly connection: Redis,
    private readonly source: LiveChannelSource,
  ) {
    connection.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  /** Starts listening on a channel (idempotent). */
  listen(channel: string): void {
    if (this.channels.has(channel)) return;
    this.channels.add(channel);
    this.connection.subscribe(channel).catch((error: unknown) => this.source.onError(asError(error)));
  }

  /** Stops listening on a channel (idempotent). */
  forget(channel: string): void {
    if (!this.channels.delete(channel)) return;
    this.connection.unsubscribe(channel).catch((error: unknown) => this.source.onError(asError(error)));
  }

  /** Closes the connection. */
  stop(): void {
    this.channels.clear();
    this.connection.disconnect();
  }

  private deliver(channel: string, message: string): void {
    const subscriptions = this.source.subscriptionsOfChannel(channel);
    if (!subscriptions) return;
    let event: ReturnType<typeof decodeEvent>;
    try {
      event = decodeEvent(message);
    } catch (error) {
      this.source.onError(new Error(`skipped malformed live event on ${channel}`, { cause: error }));
      return;
    }
    for (const subscription of subscriptions) subscription.offerLive(event);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
