import { Redis, type RedisOptions } from 'ioredis';

/** Reconnect backoff: 50 ms doubling up to 2 s, so a restarted Redis is picked up quickly. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 6), 2000);
}

/** What a connection is for; it decides whether commands wait forever across outages. */
export type ConnectionRole = 'commands' | 'reader';

/**
 * Opens one connection of the bus. The reader connection (streams and pub/sub)
 * keeps its commands across any outage (`maxRetriesPerRequest: null`): they
 * only read, and ioredis re-sends the pending read after reconnecting. The
 * command connection keeps ioredis's limit so `publish` fails instead of
 * hanging when Redis stays down.
 */
export function openConnection(
  connection: string | RedisOptions,
  name: string,
  role: ConnectionRole,
  onError: (error: Error) => void,
): Redis {
  const options: RedisOptions = {
    retryStrategy: reconnectDelay,
    ...(typeof connection === 'string' ? {} : connection),
    connectionName: name,
    // The reader needs RESP3 to read streams on a connection that is also subscribed to channels.
    ...(role === 'commands' ? {} : { maxRetriesPerRequest: null, protocol: 3 }),
  };
  const redis = typeof connection === 'string' ? new Redis(connection, options) : new Redis(options);
  // Without a listener ioredis prints every reconnect failure; the bus reports them instead.
  redis.on('error', onError);
  return redis;
}
