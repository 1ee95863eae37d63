import { WAKE_CHANNEL_PREFIX } from './keys.js';

/**
 * Lua statement that publishes the id held by the Lua variable `waiter` on the channel of its
 * backend instance (the id's part before the space; see `waiterId`).
 */
function publishWake(waiter: string): string {
  return `redis.call('PUBLISH', '${WAKE_CHANNEL_PREFIX}' .. string.match(${waiter}, '^[^ ]*'), ${waiter})`;
}

/** Lua that defines the local function `wake(waiter)`, which wakes one waiter. */
export const WAKE_FUNCTION = `
local function wake(waiter)
  ${publishWake('waiter')}
end
`;

/**
 * Lua shared by the scripts that free a lock: tell the first live waiter that its turn came.
 * Expects `queueKey` and `leaseKey` as locals. Defines nothing when nobody waits, since a release
 * without waiters runs on every uncontended acquire+release.
 */
export const WAKE_NEXT_WAITER = `
if redis.call('EXISTS', queueKey) == 1 then
  local time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local dead = redis.call('ZRANGEBYSCORE', leaseKey, '-inf', nowMs)
  for i = 1, #dead do redis.call('ZREM', queueKey, dead[i]) end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', nowMs) end
  local head = redis.call('ZRANGE', queueKey, 0, 0)[1]
  if head then ${publishWake('head')} end
end
`;
