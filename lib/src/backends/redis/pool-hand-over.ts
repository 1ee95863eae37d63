/**
 * Lua shared by the pool scripts: the clock, dropping waiters whose queue place lapsed, and
 * handing a freed place to the longest waiter. (Their fencing tokens come from `fence.ts`, as
 * locks' do.)
 *
 * A freed place is not left for whoever asks next: it is reserved (in the pool's `reserved` set)
 * for the first waiter that has none, and that waiter is woken on its backend instance's channel.
 * Its next attempt turns the reservation into its slot. A reservation counts as taken, so a pool
 * never has more than `maxSize` slots and reservations together.
 *
 * @module
 */
import { nextFencingToken } from './fence.js';
import { WAKE_CHANNEL_PREFIX } from './keys.js';

/** Lua that sets the locals `nowMs` and `nowUs` from the Redis clock. */
export const POOL_CLOCK = `
local clock = redis.call('TIME')
local nowUs = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local nowMs = math.floor(nowUs / 1000)
`;

/**
 * Lua that gives `owner` a slot expiring `exp` ms from now (`0` = never) and sets `token` to its
 * fencing token (see `fence.ts`). Expects `slotsKey`, `fenceKey`, `owner`, `exp`, `nowMs`, `nowUs`, and
 * `fresh`: whether the set held no slot before (then it has no TTL to compare with, which saves a
 * call).
 */
export const ADD_SLOT = `
if exp > 0 then
  redis.call('ZADD', slotsKey, nowMs + exp, owner)
  -- The set lives as long as its longest slot (no TTL while a slot never expires).
  if fresh then
    redis.call('PEXPIRE', slotsKey, exp)
  else
    local ttl = redis.call('PTTL', slotsKey)
    if ttl == -2 or (ttl >= 0 and ttl < exp) then redis.call('PEXPIRE', slotsKey, exp) end
  end
else
  redis.call('ZADD', slotsKey, '+inf', owner)
  if not fresh then redis.call('PERSIST', slotsKey) end
end
${nextFencingToken('nowUs')}
`;

/**
 * Lua that drops the waiters whose queue place lapsed (they died or left without a word), with
 * their reservations. Expects `queueKey`, `leaseKey`, `reservedKey` and `nowMs`.
 */
export const DROP_LAPSED_WAITERS = `
local lapsed = redis.call('ZRANGEBYSCORE', leaseKey, '-inf', nowMs)
for i = 1, #lapsed do
  redis.call('ZREM', queueKey, lapsed[i])
  redis.call('ZREM', reservedKey, lapsed[i])
end
if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', nowMs) end
`;

/**
 * Lua function `reserve(waiter)`: reserves a place for `waiter` until its queue place lapses, and
 * wakes it (the channel of its backend instance is the id's part before the space). Expects
 * `reservedKey`, `leaseKey` and `nowMs`.
 */
export const RESERVE = `
local function reserve(waiter)
  local leaseEnd = tonumber(redis.call('ZSCORE', leaseKey, waiter) or 0)
  redis.call('ZADD', reservedKey, leaseEnd, waiter)
  if redis.call('PTTL', reservedKey) < leaseEnd - nowMs then
    redis.call('PEXPIRE', reservedKey, math.max(1, leaseEnd - nowMs))
  end
  redis.call('PUBLISH', '${WAKE_CHANNEL_PREFIX}' .. string.match(waiter, '^[^ ]*'), waiter)
end
`;

/**
 * Lua that hands one freed place to the longest waiter without a reservation, if anyone waits.
 * Expects `queueKey`, `leaseKey`, `reservedKey` and `nowMs`.
 */
export const HAND_PLACE_OVER = `
if redis.call('EXISTS', queueKey) == 1 then
  ${DROP_LAPSED_WAITERS}
  ${RESERVE}
  local line = redis.call('ZRANGE', queueKey, 0, redis.call('ZCARD', reservedKey))
  for i = 1, #line do
    if not redis.call('ZSCORE', reservedKey, line[i]) then
      reserve(line[i])
      break
    end
  end
end
`;
