/**
 * Lua shared by every script that hands out a fencing token (lock acquisitions, and pool slots),
 * so that tokens follow one rule wherever they come from.
 *
 * @module
 */
import { FENCE_RETENTION_MS } from './keys.js';

/**
 * Lua that sets the local `token` to the next fencing token of the counter at the local
 * `fenceKey`: the Redis clock in microseconds, or one above the previous token when that is
 * higher. So tokens never repeat or go backwards, even when the counter itself was lost (a restart
 * from an older snapshot, a failover to a replica that missed writes, a lapsed counter), as long
 * as the clock of the Redis that now serves is not behind the last token handed out.
 *
 * Lua numbers are doubles: exact up to 2^53 µs (the year 2255).
 *
 * @param nowUs - A Lua expression for the clock in µs that the script already read with `TIME`
 *   (reading it again costs a call on the hot path); omitted, the snippet reads `TIME` itself.
 */
export function nextFencingToken(nowUs?: string): string {
  const readClock =
    nowUs === undefined
      ? "local fenceClock = redis.call('TIME')\nlocal fenceNowUs = tonumber(fenceClock[1]) * 1000000 + tonumber(fenceClock[2])"
      : `local fenceNowUs = ${nowUs}`;
  return `
${readClock}
local token = fenceNowUs
-- One call on the usual path: the clock is ahead of the counter. (SET ... GET needs Redis 6.2.)
local previous = redis.call('SET', fenceKey, string.format('%.0f', token), 'PX', ${FENCE_RETENTION_MS}, 'GET')
if previous and tonumber(previous) >= token then
  token = tonumber(previous) + 1
  redis.call('SET', fenceKey, string.format('%.0f', token), 'PX', ${FENCE_RETENTION_MS})
end
`;
}
