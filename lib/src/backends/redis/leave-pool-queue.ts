/**
 * Leaving a pool's queue: a waiter that timed out or was cancelled gives up its place at once
 * (rather than when its lease lapses), and passes on a place that was reserved for it.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { HAND_PLACE_OVER, POOL_CLOCK } from './pool-hand-over.js';
import type { PoolKeys } from './pool-keys.js';
import { defineScript, runScript } from './script.js';

// KEYS: reserved, queue, leases. ARGV: waiter id.
const LEAVE_POOL_QUEUE = defineScript(
  'leavePoolQueue',
  `
local reservedKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
redis.call('ZREM', queueKey, ARGV[1])
redis.call('ZREM', leaseKey, ARGV[1])
if redis.call('ZREM', reservedKey, ARGV[1]) == 1 then
  ${POOL_CLOCK}
  ${HAND_PLACE_OVER}
end
return 1
`,
);

/** Removes `waiter` (see `waiterId`) from the pool's queue. */
export async function leavePoolQueue(
  redis: RedisConnection,
  keys: PoolKeys,
  waiter: string,
): Promise<void> {
  await runScript(redis, {
    script: LEAVE_POOL_QUEUE,
    keys: [keys.reserved, keys.queue, keys.leases],
    args: [waiter],
    read: () => undefined,
  });
}
