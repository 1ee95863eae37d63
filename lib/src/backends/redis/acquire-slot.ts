/**
 * One attempt to take a slot of a pool: a single script that drops expired slots, serves the
 * waiters in line first, and takes a free place (or the one reserved for the caller) with a fresh
 * fencing token; or else (when waiting) keeps the caller's place in the pool's FIFO queue. A
 * shorter script serves the uncontended path (nobody in line).
 *
 * @module
 */
import type { LockGrant } from '../backend.js';
import type { AttemptResult } from './acquire.js';
import type { LuaScript, RedisConnection } from './client.js';
import { milliseconds } from './keys.js';
import { ADD_SLOT, DROP_LAPSED_WAITERS, POOL_CLOCK, RESERVE } from './pool-hand-over.js';
import type { PoolKeys } from './pool-keys.js';
import { releaseSlot } from './release-slot.js';
import { defineScript, runScript, type ScriptCall } from './script.js';

// KEYS: slots, reserved, fence, queue, leases.
// ARGV: owner, exp ms (0 = never expires), maxSize; to wait in line: 1, lease ms, waiter id.
// Returns the fencing token (a number) when granted; else {ms until the earliest slot expires
// (-1: none does), 1 when the caller is among the first maxSize waiters else 0}.
const ACQUIRE_SLOT = defineScript(
  'acquireSlot',
  `
local slotsKey, reservedKey, fenceKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local owner, exp, maxSize = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
-- A single attempt sends no more (the fewer arguments, the less client work per call).
local wait, lease, waiter = ARGV[4] == '1', tonumber(ARGV[5]), ARGV[6] or ''
${POOL_CLOCK}
-- Expired slots stop counting.
redis.call('ZREMRANGEBYSCORE', slotsKey, '-inf', nowMs)
-- This acquisition asking again: an earlier attempt of it was granted, but the reply was lost (a
-- dropped connection; a client that resent the call). It holds a slot: grant that one again.
if redis.call('ZSCORE', slotsKey, owner) then
  local fresh = false
  ${ADD_SLOT}
  return token
end
local granted = false
local queued = redis.call('EXISTS', queueKey) == 1
local held = redis.call('ZCARD', slotsKey)
if not queued then
  -- Nobody waits, so no place is reserved either (a reservation ends with its waiter's queue
  -- place, and the queue's TTL is its last waiter's): the uncontended path.
  granted = held < maxSize
else
  redis.call('ZREMRANGEBYSCORE', reservedKey, '-inf', nowMs)
  ${DROP_LAPSED_WAITERS}
  if redis.call('ZREM', reservedKey, waiter) == 1 then granted = true end
  local free = maxSize - held - redis.call('ZCARD', reservedKey)
  if not granted and free > 0 then
    -- Free places go to the waiters in line first, in order; the caller may be one of them.
    ${RESERVE}
    local line = redis.call('ZRANGE', queueKey, 0, redis.call('ZCARD', reservedKey) + free - 1)
    for i = 1, #line do
      if free == 0 then break end
      if not redis.call('ZSCORE', reservedKey, line[i]) then
        if line[i] == waiter then granted = true else reserve(line[i]) end
        free = free - 1
      end
    end
    -- Places left over once everyone in line is served are anyone's.
    if not granted and free > 0 then granted = true end
  end
end

if granted then
  if queued then
    redis.call('ZREM', queueKey, waiter)
    redis.call('ZREM', leaseKey, waiter)
  end
  local fresh = held == 0
  ${ADD_SLOT}
  return token
end

if wait then
  redis.call('ZADD', queueKey, 'NX', nowUs, waiter)
  redis.call('ZADD', leaseKey, nowMs + lease, waiter)
  redis.call('PEXPIRE', queueKey, lease)
  redis.call('PEXPIRE', leaseKey, lease)
end
local earliest = redis.call('ZRANGE', slotsKey, 0, 0, 'WITHSCORES')[2]
local remaining = -1
if earliest and tonumber(earliest) ~= math.huge then remaining = tonumber(earliest) - nowMs end
local rank = redis.call('ZRANK', queueKey, waiter)
return {remaining, (rank and rank < maxSize) and 1 or 0}
`,
);

// KEYS: slots, fence, queue. ARGV: owner, exp ms (0 = never expires), maxSize.
// The uncontended path, shorter than ACQUIRE_SLOT: no reservation work, expired slots dropped only
// when they would make the pool look full, and a plain integer reply: the fencing token when
// granted, 0 when the pool is full, -1 when someone waits in line (then ACQUIRE_SLOT decides,
// as the waiters come first).
const ACQUIRE_SLOT_QUICKLY = defineScript(
  'acquireSlotQuickly',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local slotsKey, fenceKey = KEYS[1], KEYS[2]
local owner, exp, maxSize = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
${POOL_CLOCK}
local held = redis.call('ZCARD', slotsKey)
if held >= maxSize then
  -- Expired slots stop counting.
  redis.call('ZREMRANGEBYSCORE', slotsKey, '-inf', nowMs)
  held = redis.call('ZCARD', slotsKey)
  if held >= maxSize then return 0 end
end
local fresh = held == 0
${ADD_SLOT}
return token
`,
);

/** What a {@link QuickSlotAttempt} reads as when someone waits in line: a full attempt decides. */
export const SOMEONE_WAITS = Symbol('someone waits');

/** Parameters of one slot attempt. */
export interface SlotAttemptOptions {
  readonly owner: string;
  /** Slot lifetime in ms; `null` = never expires. */
  readonly exp: number | null;
  readonly maxSize: number;
}

/**
 * A single attempt, without a place in the queue, on the uncontended path: takes a free slot when
 * nobody waits. Reads as the grant, `null` (the pool is full), or {@link SOMEONE_WAITS} (then a
 * {@link SlotAttempt} decides); a grant that came after the caller stopped waiting (the command
 * timeout) is given back at once.
 */
export class QuickSlotAttempt implements ScriptCall<LockGrant | null | typeof SOMEONE_WAITS> {
  readonly keys: readonly string[];
  readonly args: readonly string[];
  readonly #poolKeys: PoolKeys;
  readonly #options: SlotAttemptOptions;
  readonly #startedAt: number;

  /** @param startedAt - When the attempt was sent (epoch ms), which the slot's expiry counts from. */
  constructor(keys: PoolKeys, options: SlotAttemptOptions, startedAt: number) {
    this.#poolKeys = keys;
    this.#options = options;
    this.#startedAt = startedAt;
    this.keys = [keys.slots, keys.fence, keys.queue];
    this.args = [options.owner, milliseconds(options.exp), String(options.maxSize)];
  }

  get script(): LuaScript {
    return ACQUIRE_SLOT_QUICKLY;
  }

  late(grant: LockGrant | null | typeof SOMEONE_WAITS, redis: RedisConnection): void {
    if (grant !== null && grant !== SOMEONE_WAITS) {
      releaseSlot(redis, this.#poolKeys, this.#options.owner).catch(() => {});
    }
  }

  read(reply: unknown): LockGrant | null | typeof SOMEONE_WAITS {
    if (reply === 0 || reply === '0') return null;
    if (reply === -1 || reply === '-1') return SOMEONE_WAITS;
    const { exp } = this.#options;
    return {
      fencingToken: BigInt(reply as number | string),
      expiresAt: exp === null ? null : this.#startedAt + exp,
    };
  }

  /** The full attempt to make when someone waits in line. */
  inLine(): SlotAttempt {
    return new SlotAttempt(this.#poolKeys, this.#options, this.#startedAt);
  }
}

/**
 * A single attempt, without a place in the queue, that serves the waiters in line first (see
 * {@link QuickSlotAttempt} for the path when nobody waits). Reads as the grant, or `null`; a
 * grant that came after the caller stopped waiting (the command timeout) is given back at once.
 */
export class SlotAttempt implements ScriptCall<LockGrant | null> {
  readonly keys: readonly string[];
  readonly args: readonly string[];
  readonly #poolKeys: PoolKeys;
  readonly #owner: string;
  readonly #exp: number | null;
  readonly #startedAt: number;

  /** @param startedAt - When the attempt was sent (epoch ms), which the slot's expiry counts from. */
  constructor(keys: PoolKeys, options: SlotAttemptOptions, startedAt: number) {
    this.#poolKeys = keys;
    this.#owner = options.owner;
    this.#exp = options.exp;
    this.#startedAt = startedAt;
    this.keys = slotAttemptKeys(keys);
    this.args = [options.owner, milliseconds(options.exp), String(options.maxSize)];
  }

  get script(): LuaScript {
    return ACQUIRE_SLOT;
  }

  late(grant: LockGrant | null, redis: RedisConnection): void {
    if (grant !== null) releaseSlot(redis, this.#poolKeys, this.#owner).catch(() => {});
  }

  read(reply: unknown): LockGrant | null {
    if (Array.isArray(reply)) return null;
    return {
      fencingToken: BigInt(reply as number | string),
      expiresAt: this.#exp === null ? null : this.#startedAt + this.#exp,
    };
  }
}

/**
 * An attempt that takes (or keeps, renewing its lease) the place of `waiter` in the pool's queue
 * when no slot can be had now.
 */
export function attemptSlotInLine(
  redis: RedisConnection,
  keys: PoolKeys,
  options: SlotAttemptOptions,
  waiter: string,
  leaseMs: number,
): Promise<AttemptResult> {
  return runScript(redis, {
    script: ACQUIRE_SLOT,
    keys: slotAttemptKeys(keys),
    args: [
      options.owner,
      milliseconds(options.exp),
      String(options.maxSize),
      '1',
      String(leaseMs),
      waiter,
    ],
    read: readAttempt,
  });
}

function slotAttemptKeys(keys: PoolKeys): string[] {
  return [keys.slots, keys.reserved, keys.fence, keys.queue, keys.leases];
}

function readAttempt(reply: unknown): AttemptResult {
  if (!Array.isArray(reply)) {
    return { granted: true, fencingToken: BigInt(reply as number | string) };
  }
  const [remaining, first] = reply as [number | string, number | string];
  return { granted: false, remainingMs: Number(remaining), first: Number(first) === 1 };
}
