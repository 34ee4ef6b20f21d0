import { HarnessId, Runtime, type RuntimeOptionsInput } from '@org/core';
import { RedisEventBus } from '@org/bus-redis';
import { llmsimModel } from '@org/driver-llmsim';
import { postgresBackends } from '@org/store-postgres';
import { Redis } from 'ioredis';
import { DATABASE_URL, REDIS_URL } from './services.js';
import { STEPS_CAPABILITY, stepsCapability, stepsDriver } from './step-script.js';

/** The harness every test session uses (the steps tool switched on). */
export const STEPS_HARNESS_ID = HarnessId.fromSeed(8);

/** How a test (or worker process) composes its runtime. */
export interface WorkerRuntimeOptions {
  schema: string;
  prefix: string;
  /** Model latency per call (llmsim `withResponseDelay`). */
  delayMs: number;
  /** Session lease TTL: how long a killed worker blocks its session. */
  leaseTtlMs?: number;
  migrate?: boolean;
  options?: RuntimeOptionsInput;
}

/**
 * The deployment the worker is meant for: every store and the session leases
 * on PostgreSQL, the live bus on Redis, turns `durability: 'tool'`.
 */
export async function workerRuntime(options: WorkerRuntimeOptions) {
  const postgres = await postgresBackends({
    connectionString: DATABASE_URL,
    schema: options.schema,
    poolSize: 6,
    migrate: options.migrate ?? false,
    leases: { ttlMs: options.leaseTtlMs ?? 1_500, maxPollMs: 100 },
  });
  const { context: _context, close: _close, bus: _pgBus, ...stores } = postgres;
  const bus = new RedisEventBus({ connection: REDIS_URL, keyPrefix: `${options.prefix}:bus:`, connectionName: 'worker-test-bus' });
  const redis = new Redis(REDIS_URL, { connectionName: 'worker-test-tools' });
  redis.on('error', () => {});
  const runtime = await Runtime.builder()
    .backends({ ...stores, bus })
    .driverFactory('llmsim', () => stepsDriver(options.delayMs, { redis, prefix: options.prefix }))
    .defaultModel(llmsimModel())
    .capability(stepsCapability(redis, options.prefix))
    .harness({ id: STEPS_HARNESS_ID, name: 'steps', systemPrompt: 'Do the steps.', capabilities: [{ id: STEPS_CAPABILITY }] })
    .options({ durability: 'tool', ...options.options })
    .build();
  return {
    runtime,
    postgres,
    redis,
    async close() {
      await bus.close();
      await postgres.close();
      redis.disconnect();
    },
  };
}
