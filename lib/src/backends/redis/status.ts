/**
 * Who holds a lock: what `watchLock` checks once its subscription is in place, to catch a loss
 * that happened before it could hear of it.
 *
 * @module
 */
import type { LockLossReason } from '../backend.js';
import type { RedisConnection } from './client.js';
import type { LockKeys } from './keys.js';

/**
 * How `owner` lost the lock, or `null` while it still holds it: `'taken'` when another owner holds
 * it, `'released'` when nobody does (an expiry the handle reports itself, and first).
 */
export async function lockLoss(
  redis: RedisConnection,
  keys: LockKeys,
  owner: string,
): Promise<LockLossReason | null> {
  const holder = await redis.get(keys.lock);
  // A newline after the owner says that waiters queue (see hand-over.ts).
  if (holder === owner || holder === `${owner}\n`) return null;
  return holder === null ? 'released' : 'taken';
}
