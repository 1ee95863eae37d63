/**
 * Extend: reset the lock's lifetime if the caller still owns it, in one round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { FENCE_RETENTION_MS, type LockKeys } from './keys.js';
import { defineScript } from './script.js';

// KEYS: lock, fence. ARGV: owner, exp ms (0 = never expires), fence retention ms.
// Returns the lock's fencing token, or 0 when the caller does not own the lock.
const EXTEND = defineScript(
  'extend',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local exp = tonumber(ARGV[2])
if exp > 0 then
  redis.call('PEXPIRE', KEYS[1], exp)
  redis.call('PEXPIRE', KEYS[2], exp + tonumber(ARGV[3]))
else
  redis.call('PERSIST', KEYS[1])
  redis.call('PERSIST', KEYS[2])
end
return redis.call('HGET', KEYS[2], 'token') or '0'
`,
);

/**
 * Resets the lifetime of `owner`'s lock to `exp` ms (`null` = never expires). Resolves the lock's
 * fencing token, or `null` when `owner` does not hold the lock.
 */
export async function extendLock(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
  exp: number | null,
): Promise<bigint | null> {
  const reply = await redis.runScript(
    EXTEND,
    [keys.lock, keys.fence],
    [owner, String(exp ?? 0), String(FENCE_RETENTION_MS)],
  );
  const token = BigInt(reply as string | number);
  return token === 0n ? null : token;
}
