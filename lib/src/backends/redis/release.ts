/**
 * Release by the owner: compare the owner token and delete, then wake the next waiter, in one
 * round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import type { LockKeys } from './keys.js';
import { defineScript } from './script.js';
import { WAKE_NEXT_WAITER } from './wake.js';

// KEYS: lock, queue, leases. ARGV: owner.
const RELEASE = defineScript(
  'release',
  `
local lockKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
if redis.call('GET', lockKey) ~= ARGV[1] then return 0 end
redis.call('DEL', lockKey)
${WAKE_NEXT_WAITER}
return 1
`,
);

/** Deletes the lock if `owner` holds it. `true` when it did. */
export function releaseLock(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
): Promise<boolean> {
  return redis.runScript(RELEASE, [keys.lock, keys.queue, keys.leases], [owner]).then(isOne);
}

function isOne(reply: unknown): boolean {
  return Number(reply) === 1;
}
