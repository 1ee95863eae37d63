/**
 * Force release: take the lock from whoever holds it, tell the holder (for `watchLock`), and hand
 * it to the next waiter or delete it, in one round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { HAND_OVER } from './hand-over.js';
import { LOCK_EVENTS_CHANNEL, type LockKeys } from './keys.js';
import { defineScript, runScript } from './script.js';

// KEYS: lock, queue, leases. ARGV: events channel.
const FORCE_RELEASE = defineScript(
  'forceRelease',
  `
local lockKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
local holder = redis.call('GET', lockKey)
if not holder then return 0 end
-- The owner is what comes before a newline (see hand-over.ts); a reservation has none.
redis.call('PUBLISH', ARGV[1], 'released\\n' .. lockKey .. '\\n' .. string.match(holder, '^[^\\n]*'))
${HAND_OVER}
return 1
`,
);

/** Deletes the lock whoever holds it. `true` when a lock was there. */
export function forceReleaseLock(redis: RedisConnection, keys: LockKeys): Promise<boolean> {
  return runScript(redis, {
    script: FORCE_RELEASE,
    keys: [keys.lock, keys.queue, keys.leases],
    args: [LOCK_EVENTS_CHANNEL],
    read: (reply) => Number(reply) === 1,
  });
}
