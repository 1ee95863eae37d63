/**
 * `cachify/redis`: the Redis backend for `cachify`, for an ioredis or node-redis client.
 *
 * @module
 */
export type { RedisBackendOptions } from './backends/redis/backend.js';
