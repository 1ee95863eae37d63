/**
 * Extend: reset the lock's lifetime if the caller still owns it, in one round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { type LockKeys, milliseconds } from './keys.js';
import { defineScript, runScript } from './script.js';

// KEYS: lock, fence. ARGV: owner, exp ms (0 = never expires).
// Returns {1, fencing token or nil when its counter lapsed} for the owner; 0 for anyone else.
const EXTEND = defineScript(
  'extend',
  `
-- The owner's lock, whether or not it says that waiters queue (see hand-over.ts).
local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] and holder ~= ARGV[1] .. '\\n' then return 0 end
if ARGV[2] ~= '0' then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  redis.call('PERSIST', KEYS[1])
end
return {1, redis.call('GET', KEYS[2])}
`,
);

/**
 * Resets the lifetime of `owner`'s lock to `exp` ms (`null` = never expires). Resolves the lock's
 * current fencing token, or `null` when `owner` does not hold the lock.
 */
export function extendLock(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
  exp: number | null,
): Promise<bigint | null> {
  return runScript(redis, {
    script: EXTEND,
    keys: [keys.lock, keys.fence],
    args: [owner, milliseconds(exp)],
    read: readExtension,
  });
}

function readExtension(reply: unknown): bigint | null {
  if (!Array.isArray(reply)) return null;
  // The counter only lapses a day after the lock's last acquisition; then 0 stands in.
  return BigInt(reply[1] ?? 0);
}
