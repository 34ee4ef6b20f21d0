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
 * session, on the bus's reader connection (see `RedisEventBus`). Pub/sub keeps no history, which is
 * exactly the contract for live-only events: never replayed, never stored in
 * the stream (each delta carries the text accumulated so far, so storing them
 * would grow Redis memory with the square of the message length), and they
 * consume no sequence. ioredis re-subscribes by itself after a reconnect;
 * deltas sent while disconnected are simply missed.
 */
export class LiveChannel {
  /** Channels listened to, each with the confirmation of its SUBSCRIBE. */
  private readonly channels = new Map<string, Promise<void>>();

  constructor(
    private readonly connection: Redis,
    private readonly source: LiveChannelSource,
  ) {
    connection.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  /**
   * Starts listening on a channel. `listening` resolves once Redis confirmed
   * the subscription (it never rejects: a failure is reported and ioredis
   * subscribes again after reconnecting); `added` is false when it already was.
   */
  listen(channel: string): { added: boolean; listening: Promise<void> } {
    const existing = this.channels.get(channel);
    if (existing) return { added: false, listening: existing };
    const listening = this.connection.subscribe(channel).then(
      () => undefined,
      (error: unknown) => this.source.onError(asError(error)),
    );
    this.channels.set(channel, listening);
    return { added: true, listening };
  }

  /** Stops listening on a channel (idempotent). */
  forget(channel: string): void {
    if (!this.channels.delete(channel)) return;
    this.connection.unsubscribe(channel).catch((error: unknown) => this.source.onError(asError(error)));
  }

  /** Stops delivering (the owner closes the connection). */
  stop(): void {
    this.channels.clear();
    this.connection.removeAllListeners('message');
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
