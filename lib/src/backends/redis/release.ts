/**
 * Release by the owner: compare the owner token and delete, then wake the next waiter, in one
 * round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { FENCE_RETENTION_MS, type LockKeys } from './keys.js';
import { defineScript } from './script.js';
import { WAKE_NEXT_WAITER } from './wake.js';

// KEYS: lock, fence, queue, leases. ARGV: owner, fence retention ms.
const RELEASE = defineScript(
  'release',
  `
local lockKey, fenceKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('GET', lockKey) ~= ARGV[1] then return 0 end
redis.call('DEL', lockKey)
redis.call('HDEL', fenceKey, 'owner')
if redis.call('PTTL', fenceKey) == -1 then redis.call('PEXPIRE', fenceKey, ARGV[2]) end
${WAKE_NEXT_WAITER}
return 1
`,
);

/** Deletes the lock if `owner` holds it. `true` when it did. */
export async function releaseLock(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
): Promise<boolean> {
  const reply = await redis.runScript(
    RELEASE,
    [keys.lock, keys.fence, keys.queue, keys.leases],
    [owner, String(FENCE_RETENTION_MS)],
  );
  return Number(reply) === 1;
}
