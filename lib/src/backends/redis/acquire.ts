/**
 * One acquisition attempt: a single script that takes the lock when it is free (or was handed to
 * the caller) and bumps the fencing token, or else (when waiting) keeps the caller's place in the
 * lock's FIFO queue.
 *
 * @module
 */
import type { LockGrant } from '../backend.js';
import type { LuaScript, RedisConnection } from './client.js';
import { nextFencingToken } from './fence.js';
import { FIRST_LIVE_WAITER, HAND_OVER } from './hand-over.js';
import { type LockKeys, milliseconds } from './keys.js';
import { releaseLock } from './release.js';
import { defineScript, runScript, type ScriptCall } from './script.js';

// KEYS: lock, fence, queue, leases.
// ARGV: owner, exp ms (0 = never expires), wait (1/0), lease ms, waiter id.
// Returns {1, token} when granted; {0, pttl of the lock (-2 when free), 1 when the caller is
// first in the queue else 0} when not. What the lock key holds: see hand-over.ts.
const ACQUIRE = defineScript(
  'acquire',
  `
local lockKey, fenceKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local owner, exp, wait, lease = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
local waiter = ARGV[5]
local current = redis.call('GET', lockKey)
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- This acquisition asking again: an earlier attempt of it was granted, but the reply was lost (a
-- dropped connection; a client that resent the call). It holds the lock: grant it again.
if current == owner or current == owner .. '\\n' then
  if exp > 0 then redis.call('PEXPIRE', lockKey, exp) else redis.call('PERSIST', lockKey) end
  ${nextFencingToken('tonumber(time[1]) * 1000000 + tonumber(time[2])')}
  return {1, token}
end
${FIRST_LIVE_WAITER}
local head = firstWaiter
-- A lock handed to a waiter that has since lost its place is free.
if current and string.byte(current, 1) == 10 and current ~= '\\n' .. waiter
    and not redis.call('ZSCORE', queueKey, string.sub(current, 2)) then
  current = false
end

if current == '\\n' .. waiter or (not current and (not head or head == waiter)) then
  local value = owner
  if head then
    redis.call('ZREM', queueKey, waiter)
    redis.call('ZREM', leaseKey, waiter)
    -- Others still wait: the release must hand over.
    if redis.call('EXISTS', queueKey) == 1 then value = owner .. '\\n' end
  end
  if exp > 0 then
    redis.call('SET', lockKey, value, 'PX', exp)
  else
    redis.call('SET', lockKey, value)
  end
  ${nextFencingToken('tonumber(time[1]) * 1000000 + tonumber(time[2])')}
  return {1, token}
end

if wait then
  redis.call('ZADD', queueKey, 'NX', tonumber(time[1]) * 1000000 + tonumber(time[2]), waiter)
  redis.call('ZADD', leaseKey, nowMs + lease, waiter)
  redis.call('PEXPIRE', queueKey, lease)
  redis.call('PEXPIRE', leaseKey, lease)
  if not head then head = waiter end
  -- The holder's lock learns that someone waits, so that its release hands over.
  if current and string.byte(current, -1) ~= 10 and string.byte(current, 1) ~= 10 then
    redis.call('SET', lockKey, current .. '\\n', 'KEEPTTL')
  end
end
if not current and head and head ~= waiter then
  -- Free, with an earlier waiter asleep (the lock expired, or a reservation lapsed): its turn.
  ${HAND_OVER}
end
return {0, redis.call('PTTL', lockKey), head == waiter and 1 or 0}
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
export function attemptAcquire(
  redis: RedisConnection,
  keys: LockKeys,
  options: AttemptOptions,
): Promise<AttemptResult> {
  return runScript(redis, {
    script: ACQUIRE,
    keys: [keys.lock, keys.fence, keys.queue, keys.leases],
    args: [
      options.owner,
      milliseconds(options.exp),
      options.wait ? '1' : '0',
      String(options.leaseMs),
      options.waiter,
    ],
    read: readAttempt,
  });
}

function readAttempt(reply: unknown): AttemptResult {
  const [status, value, first] = reply as [number | string, number | string, (number | string)?];
  if (Number(status) === 1) return { granted: true, fencingToken: BigInt(value) };
  return { granted: false, remainingMs: Number(value), first: Number(first) === 1 };
}

// KEYS: lock, fence, queue, leases. ARGV: owner, exp ms (0 = never expires).
// The uncontended path, shorter than ACQUIRE: a plain SET NX while nobody queues, and a plain
// integer reply (cheapest to parse): the fencing token when granted, 0 when not. While waiters
// queue, a free lock (expired, or reserved for a waiter that lost its place) is theirs: it goes to
// the first live one, so that a newcomer never takes it out of turn.
const ACQUIRE_QUICKLY = defineScript(
  'acquireQuickly',
  `
local lockKey, fenceKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', queueKey) == 1 then
  local current = redis.call('GET', lockKey)
  if current and not (string.byte(current, 1) == 10
      and not redis.call('ZSCORE', queueKey, string.sub(current, 2))) then
    return 0
  end
  ${HAND_OVER}
  if redis.call('EXISTS', lockKey) == 1 then return 0 end
end
local granted
if ARGV[2] ~= '0' then
  granted = redis.call('SET', lockKey, ARGV[1], 'NX', 'PX', ARGV[2])
else
  granted = redis.call('SET', lockKey, ARGV[1], 'NX')
end
if not granted then return 0 end
${nextFencingToken()}
return token
`,
);

const NOT_GRANTED: AttemptResult = { granted: false, remainingMs: -1, first: false };

/**
 * One attempt without a place in the queue: takes the lock if it is free. Cheaper than
 * {@link attemptAcquire} (for Redis, and for the client, which is what bounds uncontended
 * throughput): the uncontended path. Reads as the grant, or `null`.
 */
export class QuickAttempt implements ScriptCall<LockGrant | null> {
  readonly keys: readonly string[];
  readonly args: readonly string[];
  readonly #lockKeys: LockKeys;
  readonly #owner: string;
  readonly #exp: number | null;
  readonly #startedAt: number;

  /**
   * @param exp - Lock lifetime in ms; `null` = never expires.
   * @param startedAt - When the attempt was sent (epoch ms), which its expiry counts from.
   */
  constructor(keys: LockKeys, owner: string, exp: number | null, startedAt: number) {
    this.#lockKeys = keys;
    this.#owner = owner;
    this.keys = [keys.lock, keys.fence, keys.queue, keys.leases];
    this.args = [owner, milliseconds(exp)];
    this.#exp = exp;
    this.#startedAt = startedAt;
  }

  get script(): LuaScript {
    return ACQUIRE_QUICKLY;
  }

  /** A grant that came too late is handed back at once. */
  late(grant: LockGrant | null, redis: RedisConnection): void {
    if (grant !== null) releaseLock(redis, this.#lockKeys, this.#owner).catch(() => {});
  }

  read(reply: unknown): LockGrant | null {
    if (reply === 0 || reply === '0') return null;
    return {
      // Tokens stay below 2^53 (the Redis clock in µs, until the year 2255): a number is exact.
      fencingToken: BigInt(reply as number | string),
      expiresAt: this.#exp === null ? null : this.#startedAt + this.#exp,
    };
  }
}

/** A {@link QuickAttempt} as an {@link AttemptResult}: the first attempt of a wait. */
export function attemptAcquireQuickly(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
  exp: number | null,
): Promise<AttemptResult> {
  return runScript(redis, new QuickAttempt(keys, owner, exp, 0)).then((grant) =>
    grant === null ? NOT_GRANTED : { granted: true, fencingToken: grant.fencingToken },
  );
}
