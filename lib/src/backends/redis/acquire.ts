/**
 * One acquisition attempt: a single script that takes the lock when it is free and no earlier
 * waiter is queued and bumps the fencing token, or else (when waiting) keeps the caller's place in
 * the lock's FIFO queue.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { FENCE_RETENTION_MS, type LockKeys, milliseconds } from './keys.js';
import { defineScript } from './script.js';
import { WAKE_FUNCTION } from './wake.js';

// KEYS: lock, fence, queue, leases.
// ARGV: owner, exp ms (0 = never expires), wait (1/0), lease ms, waiter id.
// Returns {1, token} when granted; {0, pttl of the lock (-2 when free), 1 when the caller is
// first in the queue else 0} when not.
const ACQUIRE = defineScript(
  'acquire',
  `
local lockKey, fenceKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local owner, exp, wait, lease = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
local waiter = ARGV[5]
${WAKE_FUNCTION}
local head = false
local purged = 0
local time = false
if redis.call('EXISTS', queueKey) == 1 then
  time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  -- Waiters whose lease lapsed died or left without a word: they lose their place.
  local dead = redis.call('ZRANGEBYSCORE', leaseKey, '-inf', nowMs)
  purged = #dead
  for i = 1, purged do redis.call('ZREM', queueKey, dead[i]) end
  if purged > 0 then redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', nowMs) end
  head = redis.call('ZRANGE', queueKey, 0, 0)[1] or false
end

if not head or head == waiter then
  local granted
  if exp > 0 then
    granted = redis.call('SET', lockKey, owner, 'NX', 'PX', exp)
  else
    granted = redis.call('SET', lockKey, owner, 'NX')
  end
  if granted then
    if head then
      redis.call('ZREM', queueKey, waiter)
      redis.call('ZREM', leaseKey, waiter)
    end
    local token = redis.call('INCR', fenceKey)
    if token == 1 then
      -- A new counter (or one lost to a restart, or lapsed) starts at the Redis clock in
      -- microseconds: above every token handed out before, which grew by one per acquisition.
      -- (INCR made it, so it has no TTL yet; a counter set here always has one.)
      time = time or redis.call('TIME')
      token = math.max(token, tonumber(time[1]) * 1000000 + tonumber(time[2]))
      redis.call('SET', fenceKey, string.format('%.0f', token), 'PX', ${FENCE_RETENTION_MS})
    end
    return {1, token}
  end
end

local pttl = redis.call('PTTL', lockKey)
if wait then
  time = time or redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  redis.call('ZADD', queueKey, 'NX', tonumber(time[1]) * 1000000 + tonumber(time[2]), waiter)
  redis.call('ZADD', leaseKey, nowMs + lease, waiter)
  redis.call('PEXPIRE', queueKey, lease)
  redis.call('PEXPIRE', leaseKey, lease)
  if not head then head = waiter end
end
-- The lock is free and the waiter first in line may be asleep past a lapsed one: wake it.
if pttl == -2 and purged > 0 and head and head ~= waiter then wake(head) end
return {0, pttl, head == waiter and 1 or 0}
`,
);

/** What one attempt found. */
export type AttemptResult =
  | { readonly granted: true; readonly fencingToken: bigint }
  | {
      readonly granted: false;
      /** Milliseconds the current holder has left; `-1` = no expiry; `-2` = the lock is free. */
      readonly remainingMs: number;
      /** Whether the caller is first in the queue (its turn comes at the next release). */
      readonly first: boolean;
    };

/** Parameters of one attempt. */
export interface AttemptOptions {
  readonly owner: string;
  /** How the caller appears in the queue (see `waiterId`). */
  readonly waiter: string;
  /** Lock lifetime in ms; `null` = never expires. */
  readonly exp: number | null;
  /** Keep (or take) a place in the queue when the lock cannot be had now. */
  readonly wait: boolean;
  /** How long a queue place lasts without renewal, in ms. */
  readonly leaseMs: number;
}

/** Runs one acquisition attempt in one round trip. */
export async function attemptAcquire(
  redis: RedisConnection,
  keys: LockKeys,
  options: AttemptOptions,
): Promise<AttemptResult> {
  const reply = (await redis.runScript(
    ACQUIRE,
    [keys.lock, keys.fence, keys.queue, keys.leases],
    [
      options.owner,
      milliseconds(options.exp),
      options.wait ? '1' : '0',
      String(options.leaseMs),
      options.waiter,
    ],
  )) as [number | string, number | string, (number | string)?];
  if (Number(reply[0]) === 1) return { granted: true, fencingToken: BigInt(reply[1]) };
  return { granted: false, remainingMs: Number(reply[1]), first: Number(reply[2]) === 1 };
}

// KEYS: lock, fence, queue. ARGV: owner, exp ms (0 = never expires).
// The uncontended path, shorter than ACQUIRE: no queue work, no clock unless the counter is new,
// and a plain integer reply (cheapest to parse): the fencing token when granted, 0 when the lock
// is held or waiters are queued.
const ACQUIRE_QUICKLY = defineScript(
  'acquireQuickly',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local granted
if ARGV[2] ~= '0' then
  granted = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
else
  granted = redis.call('SET', KEYS[1], ARGV[1], 'NX')
end
if not granted then return 0 end
local token = redis.call('INCR', KEYS[2])
if token == 1 then
  local time = redis.call('TIME')
  token = math.max(token, tonumber(time[1]) * 1000000 + tonumber(time[2]))
  redis.call('SET', KEYS[2], string.format('%.0f', token), 'PX', ${FENCE_RETENTION_MS})
end
return token
`,
);

const NOT_GRANTED: AttemptResult = { granted: false, remainingMs: -1, first: false };

/**
 * One attempt without a place in the queue: takes the lock if it is free and nobody waits for
 * it. Cheaper than {@link attemptAcquire} (for Redis, and for the client, which is what bounds
 * uncontended throughput): the uncontended path.
 */
export function attemptAcquireQuickly(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
  exp: number | null,
): Promise<AttemptResult> {
  return redis
    .runScript(ACQUIRE_QUICKLY, [keys.lock, keys.fence, keys.queue], [owner, milliseconds(exp)])
    .then(quickResult);
}

/** The reply of {@link ACQUIRE_QUICKLY} as an {@link AttemptResult}. */
function quickResult(reply: unknown): AttemptResult {
  // Tokens stay below 2^53 (the Redis clock in µs plus one per acquisition), so a number is exact.
  if (reply === 0 || reply === '0') return NOT_GRANTED;
  return { granted: true, fencingToken: BigInt(reply as number | string) };
}
