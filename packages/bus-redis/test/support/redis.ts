import { randomUUID } from 'node:crypto';
import type { Event, EventSubscription } from '@org/core';
import { probeService } from '@org/testkit';
import { Redis } from 'ioredis';

/** The Redis the integration tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers (tests gate on it with `describeWithService`). */
export async function redisStatus() {
  return probeService('redis', async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
}

/** A key prefix no other run uses. */
export function uniquePrefix(label: string): string {
  return `test:bus-redis:${label}:${randomUUID().slice(0, 8)}:`;
}

/** A plain admin connection for assertions and cleanup. */
export function adminClient(): Redis {
  const client = new Redis(REDIS_URL, { connectionName: 'bus-redis-test-admin' });
  client.on('error', () => {});
  return client;
}

/** Deletes every key under a prefix. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}

/** Takes `count` events from a subscription; fails after `timeoutMs` with what arrived so far. */
export async function take(subscription: EventSubscription, count: number, timeoutMs = 5000): Promise<Event[]> {
  const events: Event[] = [];
  if (count === 0) return events;
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`got ${events.length} of ${count} events within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    while (events.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      events.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
}

/** Resolves once nothing more arrives within `quietMs` (to check that no extra event shows up). */
export async function nothingMoreWithin(subscription: EventSubscription, quietMs: number): Promise<Event | undefined> {
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const quiet = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), quietMs);
  });
  const next = await Promise.race([iterator.next().then((r) => (r.done ? undefined : r.value)), quiet]);
  clearTimeout(timer);
  return next;
}
