import { ValidationError } from '@org/core';
import type { RedisOptions } from 'bullmq';
import { z } from 'zod';

/** Where the turn queue lives; shared by {@link TurnQueue} and {@link TurnWorker}. */
export const QueueLocationSchema = z.object({
  /** `redis://` URL, or ioredis-style options. Default `redis://127.0.0.1:6379`. */
  connection: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).default('redis://127.0.0.1:6379'),
  /** The BullMQ queue name (BullMQ forbids `:` in it). */
  queueName: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'queue names are 1-100 characters of [A-Za-z0-9_.-]')
    .default('agent-turns'),
  /** Prefix of every BullMQ key, so several deployments (or test runs) share one Redis. */
  prefix: z
    .string()
    .regex(/^[^\s]{1,100}$/, 'prefixes are 1-100 characters without spaces')
    .default('agent-runtime:bull'),
});

/** Where the turn queue lives (see each field). */
export type QueueLocation = Omit<z.input<typeof QueueLocationSchema>, 'connection'> & { connection?: string | RedisOptions };

/** {@link QueueLocation} with defaults applied. */
export type ResolvedQueueLocation = Omit<z.output<typeof QueueLocationSchema>, 'connection'> & { connection: string | RedisOptions };

/** Parses options with a zod schema; throws a {@link ValidationError} naming each bad field. */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
  throw new ValidationError(`invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/**
 * BullMQ connection options. Workers need `maxRetriesPerRequest: null` (their
 * blocking reads must wait out Redis restarts); producers fail fast instead,
 * so an enqueue during an outage errors rather than hanging.
 */
export function bullConnection(connection: string | RedisOptions, role: 'worker' | 'producer'): RedisOptions {
  const base: RedisOptions = typeof connection === 'string' ? { url: connection } : { ...connection };
  return role === 'worker' ? { ...base, maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, ...base };
}
