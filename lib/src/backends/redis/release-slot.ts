/**
 * Release of a slot by its owner, in one round trip: remove the owner's slot and hand its place
 * to the longest waiter (waking it), or leave the place free when nobody waits.
 *
 * @module
 */
import type { LuaScript, RedisConnection } from './client.js';
import { HAND_PLACE_OVER, POOL_CLOCK } from './pool-hand-over.js';
import type { PoolKeys } from './pool-keys.js';
import { defineScript, runScript, type ScriptCall } from './script.js';

// KEYS: slots, reserved, queue, leases. ARGV: owner.
// Returns 1 when the owner's slot was live, 0 when it had expired or was not there.
const RELEASE_SLOT = defineScript(
  'releaseSlot',
  `
local slotsKey, reservedKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local expiresAt = redis.call('ZSCORE', slotsKey, ARGV[1])
if not expiresAt then return 0 end
redis.call('ZREM', slotsKey, ARGV[1])
expiresAt = tonumber(expiresAt)
${POOL_CLOCK}
-- A set kept without TTL for this slot, which never expired, lives as long as its longest slot
-- again (other slots' TTL is the set's already).
if expiresAt == math.huge and redis.call('PTTL', slotsKey) == -1 then
  local last = tonumber(redis.call('ZRANGE', slotsKey, -1, -1, 'WITHSCORES')[2] or 0)
  if last ~= math.huge then redis.call('PEXPIRE', slotsKey, math.max(1, last - nowMs)) end
end
-- One place is free now (an expired slot's too, since nobody counted it out yet).
${HAND_PLACE_OVER}
return expiresAt > nowMs and 1 or 0
`,
);

/** Frees `owner`'s slot. Reads as `true` when it was live. */
export class SlotRelease implements ScriptCall<boolean> {
  readonly keys: readonly string[];
  readonly args: readonly string[];

  constructor(keys: PoolKeys, owner: string) {
    this.keys = [keys.slots, keys.reserved, keys.queue, keys.leases];
    this.args = [owner];
  }

  get script(): LuaScript {
    return RELEASE_SLOT;
  }

  read(reply: unknown): boolean {
    return reply === 1 || reply === '1';
  }
}

/** Frees `owner`'s slot. `true` when it was live. */
export function releaseSlot(
  redis: RedisConnection,
  keys: PoolKeys,
  owner: string,
): Promise<boolean> {
  return runScript(redis, new SlotRelease(keys, owner));
}
