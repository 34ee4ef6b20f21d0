import { describeRuntimeAcceptance, describeWithService } from '@org/testkit';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { Redis } from 'ioredis';
import { RedisEventBus } from '../src/index.js';
import { deleteKeys, REDIS_URL, redisStatus, uniquePrefix } from './support/redis.js';

const status = await redisStatus();

// The recommended small deployment: every store in memory, Redis for the live fan-out.
describeWithService(status, 'memory stores + RedisEventBus', () => {
  const prefix = uniquePrefix('acceptance');
  describeRuntimeAcceptance({
    name: 'memory stores + redis bus',
    create: () => ({
      ...memoryBackends(),
      bus: new RedisEventBus({ connection: REDIS_URL, keyPrefix: prefix, connectionName: 'bus-redis-acceptance' }),
      files: new MemorySessionFileSystem(),
    }),
    destroy: async (backends) => {
      await backends.bus.close();
      const admin = new Redis(REDIS_URL);
      await deleteKeys(admin, prefix);
      admin.disconnect();
    },
  });
});
