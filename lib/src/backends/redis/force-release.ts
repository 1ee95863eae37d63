/**
 * Force release: delete the lock whoever holds it, tell the holder (for `watchLock`), and wake the
 * next waiter, in one round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { LOCK_EVENTS_CHANNEL, type LockKeys } from './keys.js';
import { defineScript } from './script.js';
import { WAKE_NEXT_WAITER } from './wake.js';

// KEYS: lock, queue, leases. ARGV: events channel.
const FORCE_RELEASE = defineScript(
  'forceRelease',
  `
local lockKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
local holder = redis.call('GET', lockKey)
if not holder then return 0 end
redis.call('DEL', lockKey)
redis.call('PUBLISH', ARGV[1], 'released\\n' .. lockKey .. '\\n' .. holder)
${WAKE_NEXT_WAITER}
return 1
`,
);

/** Deletes the lock whoever holds it. `true` when a lock was there. */
export async function forceReleaseLock(redis: RedisConnection, keys: LockKeys): Promise<boolean> {
  const reply = await redis.runScript(
    FORCE_RELEASE,
    [keys.lock, keys.queue, keys.leases],
    [LOCK_EVENTS_CHANNEL],
  );
  return Number(reply) === 1;
}
