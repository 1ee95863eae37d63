/**
 * Leaving the queue: a waiter that timed out or was cancelled gives up its place at once (rather
 * than when its lease lapses), and wakes the next waiter if it was first and the lock is free.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import type { LockKeys } from './keys.js';
import { defineScript } from './script.js';
import { WAKE_NEXT_WAITER } from './wake.js';

// KEYS: lock, queue, leases. ARGV: waiter id.
const LEAVE_QUEUE = defineScript(
  'leaveQueue',
  `
local lockKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
local first = redis.call('ZRANGE', queueKey, 0, 0)[1] == ARGV[1]
redis.call('ZREM', queueKey, ARGV[1])
redis.call('ZREM', leaseKey, ARGV[1])
if first and redis.call('EXISTS', lockKey) == 0 then
${WAKE_NEXT_WAITER}
end
return 1
`,
);

/** Removes `waiter` (see `waiterId`) from the lock's queue. */
export async function leaveQueue(
  redis: RedisConnection,
  keys: LockKeys,
  waiter: string,
): Promise<void> {
  await redis.runScript(LEAVE_QUEUE, [keys.lock, keys.queue, keys.leases], [waiter]);
}
