export { RedisEventBus, type ConsumerGroupOptions } from './redis-event-bus.js';
export { RedisConsumerGroup, type GroupDelivery, type ConsumeOptions, type ClaimOptions } from './consumer-group.js';
export { RetentionOptions, resolveOptions, type RedisEventBusOptions, type ResolvedRedisEventBusOptions, type StreamGap } from './options.js';
export { BusKeys, streamIdOf, sequenceOfStreamId } from './keys.js';
export { reconnectDelay } from './connections.js';
export type { RedisSubscription } from './redis-subscription.js';
