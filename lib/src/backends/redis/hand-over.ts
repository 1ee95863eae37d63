/**
 * Lua shared by the scripts that free a lock while others wait for it: the lock goes straight to
 * the first live waiter, so that nobody who arrives in between takes it out of turn.
 *
 * What the lock key holds (see `LockKeys.lock`):
 * - `<owner>`: held, and nobody was seen waiting, so a release just deletes it (the fast path, as
 *   cheap as a plain compare-and-delete);
 * - `<owner>\n`: held while waiters queue (a waiter adds the newline when it queues up), so the
 *   release hands the lock over;
 * - `\n<waiter id>`: handed over to that waiter, which takes it on its next attempt; the
 *   reservation lasts as long as the waiter's place in the queue would.
 *
 * Owner tokens hold no newline, so these never mix.
 *
 * @module
 */
import { WAKE_CHANNEL_PREFIX } from './keys.js';

/**
 * Lua statement that publishes the id held by the Lua variable `waiter` on the channel of its
 * backend instance (the id's part before the space; see `waiterId`).
 */
function publishWake(waiter: string): string {
  return `redis.call('PUBLISH', '${WAKE_CHANNEL_PREFIX}' .. string.match(${waiter}, '^[^ ]*'), ${waiter})`;
}

/**
 * Lua that drops waiters whose queue place lapsed (they died or left without a word). Expects
 * `queueKey`, `leaseKey` and `nowMs` as locals; sets the local `purged` to how many it dropped.
 */
export const PURGE_LAPSED_WAITERS = `
local lapsed = redis.call('ZRANGEBYSCORE', leaseKey, '-inf', nowMs)
local purged = #lapsed
for i = 1, purged do redis.call('ZREM', queueKey, lapsed[i]) end
if purged > 0 then redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', nowMs) end
`;

/**
 * Lua that frees the lock: reserves it for the first live waiter and wakes that waiter, or deletes
 * it when nobody waits. Expects `lockKey`, `queueKey` and `leaseKey` as locals.
 */
export const HAND_OVER = `
do
  local nextWaiter = false
  local time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  if redis.call('EXISTS', queueKey) == 1 then
    ${PURGE_LAPSED_WAITERS}
    nextWaiter = redis.call('ZRANGE', queueKey, 0, 0)[1] or false
  end
  if nextWaiter then
    local leaseEnd = tonumber(redis.call('ZSCORE', leaseKey, nextWaiter) or 0)
    redis.call('SET', lockKey, '\\n' .. nextWaiter, 'PX', math.max(1, leaseEnd - nowMs))
    ${publishWake('nextWaiter')}
  else
    redis.call('DEL', lockKey)
  end
end
`;
