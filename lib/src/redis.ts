/**
 * `cachify/redis`: the Redis backend for `cachify`, for an ioredis or node-redis client.
 *
 * @module
 */
export {
  RedisBackend,
  type RedisBackendOptions,
  type RedisClientLike,
  redisBackend,
} from './backends/redis/backend.js';
export type { IORedisClientLike } from './backends/redis/ioredis.js';
export type { NodeRedisClientLike } from './backends/redis/node-redis.js';
