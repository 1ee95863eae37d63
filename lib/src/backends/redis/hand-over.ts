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
 * Lua that drops waiters whose queue place lapsed (they died or left without a word) and sets the
 * local `firstWaiter` to the first one left, or `false`. Expects `queueKey`, `leaseKey` and
 * `nowMs` as locals.
 */
export const FIRST_LIVE_WAITER = `
local firstWaiter = false
if redis.call('EXISTS', queueKey) == 1 then
  local lapsed = redis.call('ZRANGEBYSCORE', leaseKey, '-inf', nowMs)
  for i = 1, #lapsed do redis.call('ZREM', queueKey, lapsed[i]) end
  if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', nowMs) end
  firstWaiter = redis.call('ZRANGE', queueKey, 0, 0)[1] or false
end
`;

/**
 * Lua that frees the lock: reserves it for the first live waiter and wakes that waiter, or deletes
 * it when nobody waits. Expects `lockKey`, `queueKey` and `leaseKey` as locals.
 */
export const HAND_OVER = `
do
  local time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  ${FIRST_LIVE_WAITER}
  if firstWaiter then
    local leaseEnd = tonumber(redis.call('ZSCORE', leaseKey, firstWaiter) or 0)
    redis.call('SET', lockKey, '\\n' .. firstWaiter, 'PX', math.max(1, leaseEnd - nowMs))
    ${publishWake('firstWaiter')}
  else
    redis.call('DEL', lockKey)
  end
end
`;
