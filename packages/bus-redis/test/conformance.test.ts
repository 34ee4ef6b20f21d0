import { describeEventBusConformance, describeWithService } from '@org/testkit';
import { Redis } from 'ioredis';
import { RedisEventBus } from '../src/index.js';
import { deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from './support/redis.js';

const status = await redisStatus();

describeWithService(status, 'RedisEventBus', () => {
  const prefix = uniquePrefix('conformance');
  describeEventBusConformance({
    name: 'redis',
    create: () => new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: 'bus-redis-conformance' }),
    destroy: async (bus) => {
      await bus.close();
      const admin = new Redis(REDIS_URL);
      await deleteKeys(admin, prefix);
      admin.disconnect();
    },
  });
});
