/**
 * Lua shared by the scripts that free a lock: tell the first live waiter that its turn came.
 * Expects `queueKey`, `leaseKey` and `wakeChannel` as locals.
 */
export const WAKE_NEXT_WAITER = `
if redis.call('EXISTS', queueKey) == 1 then
  local time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local dead = redis.call('ZRANGEBYSCORE', leaseKey, '-inf', nowMs)
  for i = 1, #dead do redis.call('ZREM', queueKey, dead[i]) end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', nowMs) end
  local head = redis.call('ZRANGE', queueKey, 0, 0)[1]
  if head then redis.call('PUBLISH', wakeChannel, head) end
end
`;
