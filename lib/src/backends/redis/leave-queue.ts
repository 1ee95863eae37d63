/**
 * Leaving the queue: a waiter that timed out or was cancelled gives up its place at once (rather
 * than when its lease lapses), and passes the lock on if it was handed to it, or if it was first
 * in line while the lock was free.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { HAND_OVER } from './hand-over.js';
import type { LockKeys } from './keys.js';
import { defineScript, runScript } from './script.js';

// KEYS: lock, queue, leases. ARGV: waiter id.
const LEAVE_QUEUE = defineScript(
  'leaveQueue',
  `
local lockKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
local waiter = ARGV[1]
local first = redis.call('ZRANGE', queueKey, 0, 0)[1] == waiter
redis.call('ZREM', queueKey, waiter)
redis.call('ZREM', leaseKey, waiter)
local current = redis.call('GET', lockKey)
-- A lock handed to this waiter, or free while it was first in line: the next waiter's turn.
if current == '\\n' .. waiter or (first and not current) then
${HAND_OVER}
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
  await runScript(redis, {
    script: LEAVE_QUEUE,
    keys: [keys.lock, keys.queue, keys.leases],
    args: [waiter],
    read: () => undefined,
  });
}
