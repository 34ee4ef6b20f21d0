import type { Redis } from 'ioredis';
import { decodeEvent } from './event-codec.js';
import { streamIdOf, sequenceOfStreamId } from './keys.js';
import type { RedisSubscription } from './redis-subscription.js';
import { fieldOf, streamsOfReply } from './stream-reply.js';

/** How long one blocking read waits before the loop looks at its subscriptions again. */
const BLOCK_MS = 5000;

/** Where the reader finds its subscriptions and reports trouble. */
export interface StreamReaderSource {
  /** Subscriptions by session, each with the stream key to read. */
  sessions(): Iterable<{ streamKey: string; subscriptions: Iterable<RedisSubscription> }>;
  onError(error: Error): void;
}

/**
 * The bus's one blocking reader. It runs `XREAD BLOCK` on the bus's reader
 * connection (which also carries the live channels) over every subscribed
 * session stream, each from the lowest cursor
 * among that session's subscribers, and hands entries to the subscribers (each
 * skips what it already has). Replay and live follow are the same loop: a
 * stream with entries after the cursor answers at once, a page at a time.
 *
 * A new or resumed subscription must be read from an older id than the one in
 * the pending read, so the reader also reads a private "wake" stream; `wake()`
 * appends to it and the blocking read returns. Unlike `CLIENT UNBLOCK`, this
 * needs no client id, survives reconnects and has no race: the read names the
 * last wake id it saw, so a wake that lands before the read blocks still ends it.
 *
 * On a dropped connection ioredis reconnects with backoff and re-sends the
 * pending read with the same ids, so reading resumes after the last event
 * delivered: nothing is lost or repeated.
 */
export class StreamReader {
  private stopped = false;
  private reading = false;
  private wokenDuringRead = false;
  private wakeId = '0-0';
  private idle: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly connection: Redis,
    private readonly wakeKey: string,
    private readonly sendWake: () => Promise<unknown>,
    private readonly source: StreamReaderSource,
    private readonly batchSize: number,
  ) {
    this.done = this.run();
  }

  /** Makes the reader look at its subscriptions again (a new, resumed or started one). */
  wake(): void {
    if (this.idle) {
      const idle = this.idle;
      this.idle = undefined;
      idle();
      return;
    }
    // Not reading: the loop is dispatching and re-reads the subscriptions before its next read.
    if (!this.reading || this.wokenDuringRead) return;
    this.wokenDuringRead = true;
    this.sendWake().catch((error: unknown) => this.source.onError(asError(error)));
  }

  /** Stops reading and closes the connection; the pending read is abandoned. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.connection.disconnect();
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const targets = this.targets();
      if (targets.size === 0) {
        await new Promise<void>((resolve) => {
          this.idle = resolve;
        });
        continue;
      }
      const keys = [this.wakeKey, ...targets.keys()];
      const ids = [this.wakeId, ...[...targets.values()].map(streamIdOf)];
      let reply: unknown;
      this.reading = true;
      this.wokenDuringRead = false;
      try {
        reply = await this.connection.call('XREAD', ['COUNT', this.batchSize, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids]);
      } catch (error) {
        if (this.stopped) break;
        this.source.onError(asError(error));
        await delay(500);
        continue;
      } finally {
        this.reading = false;
      }
      if (this.stopped) break;
      this.dispatch(reply);
    }
  }

  /** Per stream key, the lowest cursor among subscriptions that want durable events. */
  private targets(): Map<string, number> {
    const targets = new Map<string, number>();
    for (const { streamKey, subscriptions } of this.source.sessions()) {
      for (const subscription of subscriptions) {
        if (!subscription.wantsDurable) continue;
        const cursor = subscription.cursor as number;
        const current = targets.get(streamKey);
        if (current === undefined || cursor < current) targets.set(streamKey, cursor);
      }
    }
    return targets;
  }

  private dispatch(reply: unknown): void {
    const byKey = new Map<string, Iterable<RedisSubscription>>();
    for (const { streamKey, subscriptions } of this.source.sessions()) byKey.set(streamKey, subscriptions);
    for (const [key, entries] of streamsOfReply(reply)) {
      if (key === this.wakeKey) {
        const last = entries.at(-1);
        if (last) this.wakeId = last[0];
        continue;
      }
      const subscriptions = byKey.get(key);
      if (!subscriptions) continue;
      for (const [id, fields] of entries) {
        const sequence = sequenceOfStreamId(id);
        let event: ReturnType<typeof decodeEvent> | undefined;
        try {
          event = decodeEvent(fieldOf(fields, 'e') ?? '');
        } catch (error) {
          this.source.onError(new Error(`skipped malformed entry ${id} of ${key}`, { cause: error }));
        }
        for (const subscription of subscriptions) {
          if (!subscription.wantsDurable) continue;
          if (event) subscription.offerDurable(event.sequence === sequence ? event : { ...event, sequence });
          else subscription.skip(sequence);
        }
      }
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
