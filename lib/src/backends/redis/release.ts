/**
 * Release by the owner: compare the owner token and delete, or hand the lock to the next waiter,
 * in one round trip.
 *
 * @module
 */
import type { LuaScript, RedisConnection } from './client.js';
import { HAND_OVER } from './hand-over.js';
import type { LockKeys } from './keys.js';
import { defineScript, runScript, type ScriptCall } from './script.js';

// KEYS: lock, queue, leases. ARGV: owner.
const RELEASE = defineScript(
  'release',
  `
local lockKey, queueKey, leaseKey = KEYS[1], KEYS[2], KEYS[3]
local holder = redis.call('GET', lockKey)
if holder == ARGV[1] then
  redis.call('DEL', lockKey)
  return 1
end
if holder ~= ARGV[1] .. '\\n' then return 0 end
${HAND_OVER}
return 1
`,
);

/** Deletes the lock if `owner` holds it. Reads as `true` when it did. */
export class Release implements ScriptCall<boolean> {
  readonly keys: readonly string[];
  readonly args: readonly string[];

  constructor(keys: LockKeys, owner: string) {
    this.keys = [keys.lock, keys.queue, keys.leases];
    this.args = [owner];
  }

  get script(): LuaScript {
    return RELEASE;
  }

  read(reply: unknown): boolean {
    return reply === 1 || reply === '1';
  }
}

/** Deletes the lock if `owner` holds it. `true` when it did. */
export function releaseLock(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
): Promise<boolean> {
  return runScript(redis, new Release(keys, owner));
}
