import { ValidationError } from '@org/core';
import type { RedisOptions } from 'ioredis';
import { z } from 'zod';

/**
 * How long Redis keeps each session stream. Redis only needs a short window:
 * the runtime reads the history store first and subscribes from the last
 * sequence it read, so older events come from the store, not from Redis.
 */
export const RetentionOptions = z.union([
  z.object({
    /** Keep about this many durable events per session (`XADD … MAXLEN ~ n`). */
    maxLen: z.number().int().positive(),
    /**
     * Exact trimming costs more CPU on every append; approximate (the default)
     * trims whole internal nodes (about 100 entries), so a stream may hold a
     * little more than `maxLen`.
     */
    approximate: z.boolean().default(true),
  }),
  z.object({
    /**
     * Keep the events whose sequence is within this many of the newest one
     * (`XADD … MINID ~ (sequence - n + 1)`): stream ids are sequences, so
     * this is trimming by sequence, not by time.
     */
    keepSequences: z.number().int().positive(),
    approximate: z.boolean().default(true),
  }),
]);
export type RetentionOptions = z.input<typeof RetentionOptions>;

const RedisEventBusOptionsSchema = z.object({
  /** `redis://` URL, or ioredis options. Default `redis://127.0.0.1:6379`. */
  connection: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).default('redis://127.0.0.1:6379'),
  /** Prefix of every key and channel, e.g. `"agents:"`. */
  keyPrefix: z.string().default('agent-runtime:'),
  /** Trimming of the session streams. Default: no trimming (use `ttlSeconds` or a retention). */
  retention: RetentionOptions.optional(),
  /** Expire a session stream this long after its last publish (refreshed on every publish). */
  ttlSeconds: z.number().int().positive().optional(),
  /** Events a subscriber may hold before the bus stops buffering for it and re-reads later. */
  subscriberBufferSize: z.number().int().min(2).default(1000),
  /** Entries per stream per blocking read (the replay page size too). */
  readBatchSize: z.number().int().positive().default(500),
  /** Base of the names given to this bus's connections (`CLIENT SETNAME`), to find them in `CLIENT LIST`. */
  connectionName: z
    .string()
    .regex(/^[^\s]+$/, 'connection names cannot contain spaces')
    .default('agent-runtime-bus'),
  /** Called when something could not be delivered and was skipped (e.g. a malformed stream entry). */
  onError: z.custom<(error: Error) => void>((v) => typeof v === 'function').optional(),
  /**
   * Called when a subscriber's next retained event is not the one after its
   * cursor: the missing events were trimmed (or never reached Redis). Read
   * them from the history store. Delivery continues with the retained ones.
   */
  onGap: z.custom<(gap: StreamGap) => void>((v) => typeof v === 'function').optional(),
});

/** A hole in the events a subscriber received: sequences `expected` … `next - 1` were not in Redis. */
export interface StreamGap {
  sessionId: string;
  /** The sequence the subscriber expected next. */
  expected: number;
  /** The sequence it got instead. */
  next: number;
}

/** Options of {@link RedisEventBus} (see each field). */
export type RedisEventBusOptions = Omit<z.input<typeof RedisEventBusOptionsSchema>, 'connection'> & {
  connection?: string | RedisOptions;
};

/** The validated options with defaults applied. */
export type ResolvedRedisEventBusOptions = Omit<z.output<typeof RedisEventBusOptionsSchema>, 'connection'> & {
  connection: string | RedisOptions;
};

/** Validates bus options; throws a {@link ValidationError} naming each bad field. */
export function resolveOptions(options: RedisEventBusOptions = {}): ResolvedRedisEventBusOptions {
  const parsed = RedisEventBusOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new ValidationError(`invalid redis event bus options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data as ResolvedRedisEventBusOptions;
}
