/**
 * The Redis event bus and its test helpers, for the "PostgreSQL history +
 * Redis fan-out" tests. (The Redis test helpers are not published, so they
 * are loaded from the bus package's sources.)
 */
export { RedisEventBus } from '@org/bus-redis';
export { adminClient, deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from '../../../bus-redis/test/support/redis.js';
