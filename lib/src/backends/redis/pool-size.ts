/**
 * A pool's occupancy: live slots plus places being handed to waiters, with expired ones dropped
 * first (on the Redis clock), in one round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { POOL_CLOCK } from './pool-hand-over.js';
import type { PoolKeys } from './pool-keys.js';
import { defineScript, runScript } from './script.js';

// KEYS: slots, reserved. Returns how many places are taken.
const POOL_SIZE = defineScript(
  'poolSize',
  `
${POOL_CLOCK}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', nowMs)
return redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])
`,
);

/** How many places of the pool are taken: live slots, and places handed to a waiter. */
export function poolSize(redis: RedisConnection, keys: PoolKeys): Promise<number> {
  return runScript(redis, {
    script: POOL_SIZE,
    keys: [keys.slots, keys.reserved],
    args: [],
    read: Number,
  });
}
