/**
 * Extend a slot: reset its lifetime if its owner still holds it (not expired), in one round trip.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { milliseconds } from './keys.js';
import { POOL_CLOCK } from './pool-hand-over.js';
import type { PoolKeys } from './pool-keys.js';
import { defineScript, runScript } from './script.js';

// KEYS: slots. ARGV: owner, exp ms (0 = never expires). Returns 1 for a live slot, else 0.
const EXTEND_SLOT = defineScript(
  'extendSlot',
  `
local slotsKey = KEYS[1]
local expiresAt = redis.call('ZSCORE', slotsKey, ARGV[1])
if not expiresAt then return 0 end
${POOL_CLOCK}
if tonumber(expiresAt) <= nowMs then
  redis.call('ZREM', slotsKey, ARGV[1])
  return 0
end
local exp = tonumber(ARGV[2])
if exp > 0 then
  redis.call('ZADD', slotsKey, 'XX', nowMs + exp, ARGV[1])
  local ttl = redis.call('PTTL', slotsKey)
  if ttl >= 0 and ttl < exp then
    redis.call('PEXPIRE', slotsKey, exp)
  elseif ttl == -1 then
    -- The set has no TTL only while a slot never expires: if this slot was the last such one,
    -- the set lives as long as its longest slot again (the release counts on it).
    local last = tonumber(redis.call('ZRANGE', slotsKey, -1, -1, 'WITHSCORES')[2])
    if last ~= math.huge then redis.call('PEXPIRE', slotsKey, math.max(exp, last - nowMs)) end
  end
else
  redis.call('ZADD', slotsKey, 'XX', '+inf', ARGV[1])
  redis.call('PERSIST', slotsKey)
end
return 1
`,
);

/**
 * Resets the lifetime of `owner`'s slot to `exp` ms (`null` = never expires). Resolves `false`
 * when the slot is gone (expired).
 */
export function extendSlot(
  redis: RedisConnection,
  keys: PoolKeys,
  owner: string,
  exp: number | null,
): Promise<boolean> {
  return runScript(redis, {
    script: EXTEND_SLOT,
    keys: [keys.slots],
    args: [owner, milliseconds(exp)],
    read: (reply) => Number(reply) === 1,
  });
}
