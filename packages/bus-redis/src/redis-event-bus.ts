import { randomUUID } from 'node:crypto';
import {
  type Event,
  type EventBus,
  SessionId,
  StorageUnavailableError,
  type SubscribeOptions,
  ValidationError,
} from '@org/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { openConnection } from './connections.js';
import { RedisConsumerGroup } from './consumer-group.js';
import { checkPublishedEvent, encodeEvent, isLiveOnly } from './event-codec.js';
import { BusKeys, isDuplicateIdError, sequenceOfStreamId, streamIdOf } from './keys.js';
import { LiveChannel } from './live-channel.js';
import { type RedisEventBusOptions, type ResolvedRedisEventBusOptions, resolveOptions, type StreamGap } from './options.js';
import { RedisSubscription, type SubscriptionOwner } from './redis-subscription.js';
import { StreamReader } from './stream-reader.js';
import { entriesOf } from './stream-reply.js';

const SubscribeArgs = z.object({
  sessionId: SessionId.schema,
  after: z.number().int().nonnegative().optional(),
});

const GroupArgs = z.object({
  sessionId: SessionId.schema,
  group: z.string().min(1, 'a consumer group needs a name'),
  /** Deliver to the group the events after this sequence; `"end"`: only events appended from now on. */
  startAfter: z.union([z.number().int().nonnegative(), z.literal('end')]).default(0),
});

/** Options of {@link RedisEventBus.createConsumerGroup}. */
export interface ConsumerGroupOptions {
  /** The group starts after this sequence (default 0: every retained event); `"end"`: only new events. */
  startAfter?: number | 'end';
}

/** How long `close()` waits for Redis to acknowledge QUIT before dropping the connection. */
const QUIT_TIMEOUT_MS = 1000;

/**
 * An {@link EventBus} on Redis Streams, for fan-out across processes. Needs
 * Redis 6.2 or later (RESP3, `XAUTOCLAIM`).
 *
 * - Durable events go to one stream per session (`<prefix>session:<id>`) with
 *   the stream id `<sequence>-0`, so Redis itself refuses a repeated or older
 *   sequence: a retried publish is recognised as a duplicate and not stored
 *   or delivered twice. The events of one `publish` call (any number of
 *   sessions) go out in one pipeline.
 * - Ephemeral events (deltas) go over pub/sub (`<prefix>live:<id>`): live
 *   subscribers only, never replayed, no sequence consumed.
 * - Subscribers share one reader connection per bus, which replays
 *   from the cursor and then follows live, exactly once and in order, across
 *   reconnects; a full subscriber buffer pauses reading for that subscriber
 *   (publish never waits) and it re-reads from the stream later.
 */
export class RedisEventBus implements EventBus {
  /** The validated options in effect. */
  readonly options: ResolvedRedisEventBusOptions;
  private readonly keys: BusKeys;
  private readonly instanceId = randomUUID();
  private readonly commands: Redis;
  private readerRedis: Redis | undefined;
  private reader: StreamReader | undefined;
  private live: LiveChannel | undefined;
  private readonly sessions = new Map<string, { streamKey: string; channel: string; subscriptions: Set<RedisSubscription> }>();
  private readonly channels = new Map<string, Set<RedisSubscription>>();
  private readonly groups = new Set<RedisConsumerGroup>();
  private closing: Promise<void> | undefined;
  private readonly owner: SubscriptionOwner;

  constructor(options: RedisEventBusOptions = {}) {
    this.options = resolveOptions(options);
    this.keys = new BusKeys(this.options.keyPrefix);
    this.commands = this.open('commands');
    this.owner = {
      resume: () => this.reader?.wake(),
      release: (subscription) => this.release(subscription),
      onGap: this.options.onGap ? (gap: StreamGap) => this.options.onGap?.(gap) : undefined,
    };
  }

  /** Creates a bus and waits until Redis answers; throws {@link StorageUnavailableError} when it does not. */
  static async connect(options: RedisEventBusOptions = {}): Promise<RedisEventBus> {
    const bus = new RedisEventBus(options);
    try {
      await bus.commands.ping();
    } catch (error) {
      await bus.close();
      throw new StorageUnavailableError(`redis event bus: cannot reach Redis: ${(error as Error).message}`, { cause: error });
    }
    return bus;
  }

  /** The stream key holding a session's durable events. */
  streamKey(sessionId: SessionId): string {
    return this.keys.stream(sessionId);
  }

  /**
   * Appends durable events to their session streams and sends ephemeral ones
   * to live subscribers, all in one pipeline. Events already in a stream (same
   * or older sequence) are skipped as duplicates. Throws
   * {@link ValidationError} (nothing sent) for a malformed event and
   * {@link StorageUnavailableError} when Redis fails; publishing the same batch
   * again is then safe.
   */
  async publish(events: readonly Event[]): Promise<void> {
    this.assertOpen();
    if (!Array.isArray(events)) throw new ValidationError('publish takes an array of events', [{ path: 'events', message: 'expected an array' }]);
    for (const [index, event] of events.entries()) checkPublishedEvent(event, index);
    if (events.length === 0) return;
    const pipeline = this.commands.pipeline();
    const touched = this.options.ttlSeconds === undefined ? undefined : new Set<string>();
    for (const event of events) {
      const payload = encodeEvent(event);
      if (isLiveOnly(event)) {
        pipeline.publish(this.keys.liveChannel(event.sessionId), payload);
        continue;
      }
      const key = this.keys.stream(event.sessionId);
      pipeline.call('XADD', [key, ...this.trimArgs(event.sequence), streamIdOf(event.sequence), 'e', payload]);
      touched?.add(key);
    }
    for (const key of touched ?? []) pipeline.expire(key, this.options.ttlSeconds as number);
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw new StorageUnavailableError(`redis event bus: publish failed: ${(error as Error).message}`, { cause: error });
    }
    const failure = results?.find(([error]) => error !== null && !isDuplicateIdError(error))?.[0];
    if (failure) throw new StorageUnavailableError(`redis event bus: publish failed: ${failure.message}`, { cause: failure });
  }

  /**
   * Subscribes to a session. With `after`, durable events with a higher
   * sequence that Redis still holds are replayed first; without it, delivery
   * starts after the stream's newest event (await the returned
   * subscription's `ready` to be sure of the starting point). Ephemeral
   * events are delivered live, each after the durable event it follows.
   * After `close()` the subscription is returned already ended.
   */
  subscribe(sessionId: SessionId, options: SubscribeOptions = {}): RedisSubscription {
    const parsed = SubscribeArgs.safeParse({ sessionId, after: options.after });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new ValidationError(`invalid subscription: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const subscription = new RedisSubscription(sessionId, this.options.subscriberBufferSize, this.owner, options.signal);
    if (this.closing) subscription.close();
    if (subscription.isClosed) return subscription;

    const session = this.register(subscription);
    if (options.after !== undefined) {
      subscription.start(options.after);
      this.readerFor().wake();
    } else {
      void this.startAtStreamTop(subscription, session.streamKey);
    }
    return subscription;
  }

  /**
   * Creates (or reuses) a consumer group on a session stream, for work that
   * must be handled once across workers (see {@link RedisConsumerGroup}).
   */
  async createConsumerGroup(sessionId: SessionId, group: string, options: ConsumerGroupOptions = {}): Promise<RedisConsumerGroup> {
    this.assertOpen();
    const parsed = GroupArgs.safeParse({ sessionId, group, startAfter: options.startAfter });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new ValidationError(`invalid consumer group: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const key = this.keys.stream(parsed.data.sessionId);
    const start = parsed.data.startAfter === 'end' ? '$' : streamIdOf(parsed.data.startAfter);
    try {
      await this.commands.call('XGROUP', ['CREATE', key, parsed.data.group, start, 'MKSTREAM']);
    } catch (error) {
      // BUSYGROUP: the group exists already (another worker created it); join it.
      if (!/BUSYGROUP/.test((error as Error).message)) {
        throw new StorageUnavailableError(`redis event bus: cannot create group ${group}: ${(error as Error).message}`, { cause: error });
      }
    }
    const handle = new RedisConsumerGroup(
      key,
      parsed.data.group,
      this.commands,
      () => this.open('group'),
      (error) => this.reportError(error),
      (closed) => this.groups.delete(closed),
    );
    this.groups.add(handle);
    return handle;
  }

  /** Ends every subscription, stops the blocking reads and releases every connection. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const session of [...this.sessions.values()]) for (const subscription of [...session.subscriptions]) subscription.close();
    for (const group of [...this.groups]) group.close();
    const readerStarted = this.reader !== undefined;
    this.live?.stop();
    await this.reader?.stop();
    this.readerRedis?.disconnect();
    let timer: NodeJS.Timeout | undefined;
    try {
      const quit = (async () => {
        if (readerStarted) await this.commands.del(this.keys.wake(this.instanceId));
        await this.commands.quit();
      })();
      await Promise.race([quit, new Promise((resolve) => (timer = setTimeout(resolve, QUIT_TIMEOUT_MS)))]);
    } catch {
      // Redis is gone: nothing to release on its side.
    } finally {
      clearTimeout(timer);
      this.commands.disconnect();
    }
  }

  private async startAtStreamTop(subscription: RedisSubscription, streamKey: string): Promise<void> {
    // The newest entry decides where "live" starts; retried because Redis may be reconnecting.
    for (let attempt = 0; !subscription.isClosed; attempt++) {
      try {
        const reply = await this.commands.call('XREVRANGE', [streamKey, '+', '-', 'COUNT', 1]);
        const newest = entriesOf(reply)[0];
        subscription.start(newest ? sequenceOfStreamId(newest[0]) : 0);
        this.readerFor().wake();
        return;
      } catch (error) {
        if (subscription.isClosed || this.closing) return;
        this.reportError(error as Error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)).unref());
      }
    }
  }

  private register(subscription: RedisSubscription) {
    let session = this.sessions.get(subscription.sessionId);
    if (!session) {
      session = {
        streamKey: this.keys.stream(subscription.sessionId),
        channel: this.keys.liveChannel(subscription.sessionId),
        subscriptions: new Set(),
      };
      this.sessions.set(subscription.sessionId, session);
      this.channels.set(session.channel, session.subscriptions);
    }
    session.subscriptions.add(subscription);
    const { added, listening } = this.liveChannel().listen(session.channel);
    void listening.then(() => subscription.markListening());
    // A blocked XREAD holds back commands behind it on the reader connection: wake it so the SUBSCRIBE runs now.
    if (added) this.readerFor().wake();
    return session;
  }

  private release(subscription: RedisSubscription): void {
    const session = this.sessions.get(subscription.sessionId);
    if (!session?.subscriptions.delete(subscription) || session.subscriptions.size > 0) return;
    this.sessions.delete(subscription.sessionId);
    this.channels.delete(session.channel);
    this.live?.forget(session.channel);
  }

  /**
   * The reader connection carries both the blocking `XREAD` and the pub/sub
   * channels (RESP3 allows commands on a subscribed connection). One socket
   * means Redis's own order reaches the subscriber: a delta published before
   * a durable event is read before it, never after.
   */
  private readerConnection(): Redis {
    this.readerRedis ??= this.open('reader');
    return this.readerRedis;
  }

  private readerFor(): StreamReader {
    if (!this.reader) {
      const wakeKey = this.keys.wake(this.instanceId);
      this.reader = new StreamReader(
        this.readerConnection(),
        wakeKey,
        // The wake stream keeps one entry and expires, so a crashed process leaves nothing behind for long.
        () => this.commands.pipeline().call('XADD', [wakeKey, 'MAXLEN', 1, '*', 'w', 1]).pexpire(wakeKey, 3_600_000).exec(),
        { sessions: () => this.sessions.values(), onError: (error) => this.reportError(error) },
        this.options.readBatchSize,
      );
    }
    return this.reader;
  }

  private liveChannel(): LiveChannel {
    this.live ??= new LiveChannel(this.readerConnection(), {
      subscriptionsOfChannel: (channel) => this.channels.get(channel),
      onError: (error) => this.reportError(error),
    });
    return this.live;
  }

  private trimArgs(sequence: number): (string | number)[] {
    const retention = this.options.retention;
    if (!retention) return [];
    const mode = retention.approximate ? '~' : '=';
    if ('maxLen' in retention) return ['MAXLEN', mode, retention.maxLen];
    return ['MINID', mode, streamIdOf(Math.max(1, sequence - retention.keepSequences + 1))];
  }

  private open(role: 'commands' | 'reader' | 'group'): Redis {
    const name = `${this.options.connectionName}:${role}`;
    return openConnection(this.options.connection, name, role === 'commands' ? 'commands' : 'reader', (error) => this.reportError(error));
  }

  private reportError(error: Error): void {
    this.options.onError?.(error);
  }

  private assertOpen(): void {
    if (this.closing) throw new StorageUnavailableError('redis event bus is closed');
  }
}
