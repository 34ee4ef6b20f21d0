/**
 * The Redis event bus and its test helpers, for the "PostgreSQL history +
 * Redis fan-out" tests.
 *
 * This package does not list `@org/bus-redis` as a devDependency yet, so the
 * bus and its test support are loaded from their sources by path (`ioredis`
 * then resolves from the bus package's own dependencies). Replace with
 * `@org/bus-redis` once the devDependency is added.
 */
export { RedisEventBus } from '../../../bus-redis/src/index.js';
export { adminClient, deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from '../../../bus-redis/test/support/redis.js';
