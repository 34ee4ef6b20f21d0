import { type Event, StorageUnavailableError, ValidationError } from '@org/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { decodeEvent } from './event-codec.js';
import { fieldOf, type StreamEntry, streamsOfReply } from './stream-reply.js';

/** One event handed to a consumer of a group; `ack()` once it is handled, or it is redelivered by {@link RedisConsumerGroup.claimStale}. */
export interface GroupDelivery {
  event: Event;
  /** The stream entry id (`<sequence>-0`). */
  entryId: string;
  ack(): Promise<void>;
}

const ConsumeOptions = z.object({
  /** At most this many events (default 10). */
  count: z.number().int().positive().default(10),
  /** Wait up to this long for new events; omit to return at once. Blocking reads use the group's own connection. */
  blockMs: z.number().int().positive().optional(),
});
export type ConsumeOptions = z.input<typeof ConsumeOptions>;

const ClaimOptions = z.object({
  /** Only events pending (delivered, not acknowledged) for at least this long. */
  minIdleMs: z.number().int().nonnegative(),
  /** At most this many events (default 10). */
  count: z.number().int().positive().default(10),
});
export type ClaimOptions = z.input<typeof ClaimOptions>;

const ConsumerName = z.string().min(1, 'a consumer needs a name');

/**
 * A Redis consumer group over one session stream: each durable event goes to
 * **one** consumer of the group, stays pending until acknowledged, and is
 * handed to another consumer by `claimStale` when its consumer died. For work
 * that must be handled once (workers); subscribers that all need every event
 * use `subscribe` instead. Ephemeral events never reach groups.
 */
export class RedisConsumerGroup {
  private blockingConnection: Redis | undefined;
  private closed = false;

  constructor(
    readonly streamKey: string,
    readonly group: string,
    private readonly commands: Redis,
    private readonly openBlockingConnection: () => Redis,
    private readonly onError: (error: Error) => void,
    private readonly onClose: (group: RedisConsumerGroup) => void,
  ) {}

  /** Reads events not yet delivered to any consumer of the group (`XREADGROUP … >`). */
  async consume(consumer: string, options: ConsumeOptions = {}): Promise<GroupDelivery[]> {
    const name = parse(ConsumerName, consumer, 'consumer');
    const { count, blockMs } = parse(ConsumeOptions, options, 'consume options');
    const args: (string | number)[] = ['GROUP', this.group, name, 'COUNT', count];
    if (blockMs !== undefined) args.push('BLOCK', blockMs);
    args.push('STREAMS', this.streamKey, '>');
    const connection = blockMs === undefined ? this.commands : this.blocking();
    const reply = await this.run(() => connection.call('XREADGROUP', args));
    return this.deliveries(streamsOfReply(reply).flatMap(([, entries]) => entries));
  }

  /**
   * Takes over events another consumer received but did not acknowledge
   * within `minIdleMs` (`XAUTOCLAIM`), e.g. because it crashed.
   */
  async claimStale(consumer: string, options: ClaimOptions): Promise<GroupDelivery[]> {
    const name = parse(ConsumerName, consumer, 'consumer');
    const { minIdleMs, count } = parse(ClaimOptions, options, 'claim options');
    const reply = await this.run(() =>
      this.commands.call('XAUTOCLAIM', [this.streamKey, this.group, name, minIdleMs, '0-0', 'COUNT', count]),
    );
    const claimed = Array.isArray(reply) ? reply[1] : [];
    return this.deliveries(streamsOfReply([[this.streamKey, claimed]]).flatMap(([, entries]) => entries));
  }

  /** How many events are delivered but not yet acknowledged. */
  async pendingCount(): Promise<number> {
    const reply = await this.run(() => this.commands.call('XPENDING', [this.streamKey, this.group]));
    return Array.isArray(reply) ? Number(reply[0] ?? 0) : 0;
  }

  /** Acknowledges entries by id (what `GroupDelivery.ack` does). */
  async ack(...entryIds: string[]): Promise<void> {
    if (entryIds.length === 0) return;
    await this.run(() => this.commands.call('XACK', [this.streamKey, this.group, ...entryIds]));
  }

  /** Closes the group's blocking connection, if it opened one (the group itself stays in Redis). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.blockingConnection?.disconnect();
    this.onClose(this);
  }

  private blocking(): Redis {
    if (this.closed) throw new StorageUnavailableError(`consumer group ${this.group} is closed`);
    this.blockingConnection ??= this.openBlockingConnection();
    return this.blockingConnection;
  }

  private async deliveries(entries: StreamEntry[]): Promise<GroupDelivery[]> {
    const deliveries: GroupDelivery[] = [];
    const malformed: string[] = [];
    for (const [entryId, fields] of entries) {
      try {
        const event = decodeEvent(fieldOf(fields, 'e') ?? '');
        deliveries.push({ event, entryId, ack: () => this.ack(entryId) });
      } catch (error) {
        this.onError(new Error(`acknowledged malformed entry ${entryId} of ${this.streamKey} without delivering it`, { cause: error }));
        malformed.push(entryId);
      }
    }
    // A malformed entry would be redelivered forever; it is reported and dropped.
    await this.ack(...malformed);
    return deliveries;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StorageUnavailableError(`redis consumer group ${this.group} on ${this.streamKey}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new ValidationError(`invalid ${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
}
