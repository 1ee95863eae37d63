/**
 * Who holds a lock, and who last took it without releasing: what `watchLock` checks once its
 * subscription is in place, to catch a loss that happened before it could hear of it.
 *
 * @module
 */
import type { LockLossReason } from '../backend.js';
import type { RedisConnection } from './client.js';
import type { LockKeys } from './keys.js';
import { defineScript } from './script.js';

// KEYS: lock, fence. Returns {holder or nil, owner recorded by the last acquisition or nil}.
const STATUS = defineScript(
  'status',
  `
return {redis.call('GET', KEYS[1]), redis.call('HGET', KEYS[2], 'owner')}
`,
);

/**
 * How `owner` lost the lock, or `null` while it still holds it: `'taken'` (another owner holds
 * it), `'expired'` (gone, never released), `'released'` (gone, released by someone else).
 */
export async function lockLoss(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
): Promise<LockLossReason | null> {
  const [holder, lastOwner] = (await redis.runScript(STATUS, [keys.lock, keys.fence], [])) as [
    string | null,
    string | null,
  ];
  if (holder === owner) return null;
  if (holder !== null && holder !== undefined) return 'taken';
  return lastOwner === owner ? 'expired' : 'released';
}
