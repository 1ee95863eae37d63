/**
 * The Redis keys and channels of one lock, all derived from one hash tag so that a Redis Cluster
 * keeps them in one slot (scripts may only touch keys of one slot).
 *
 * @module
 */

/** Keys and channel names that belong to one lock. */
export interface LockKeys {
  /**
   * The lock itself: a string holding the owner token (marked when waiters queue, or naming the
   * waiter it is being handed to: see `hand-over.ts`), with the lock's expiry as its TTL.
   */
  readonly lock: string;
  /** The last fencing token handed out (at least the Redis clock in µs when it was; see `fence.ts`). */
  readonly fence: string;
  /** Sorted set of waiter ids (see {@link waiterId}), scored by arrival (microseconds, Redis clock). */
  readonly queue: string;
  /** Sorted set of waiter ids, scored by the time their place in the queue lapses (ms). */
  readonly leases: string;
}

/**
 * Keys of the lock stored under `storageKey` (e.g. `cachify:lock:orders` becomes
 * `{cachify:lock:orders}`, `{cachify:lock:orders}:fence`, ...).
 */
export function lockKeys(storageKey: string): LockKeys {
  let keys = recent.get(storageKey);
  if (keys === undefined) {
    const tag = `{${storageKey}}`;
    keys = { lock: tag, fence: `${tag}:fence`, queue: `${tag}:queue`, leases: `${tag}:leases` };
    // Hot locks are acquired and released over and over: keep their keys, within bounds.
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(storageKey, keys);
  }
  return keys;
}

const RECENT_LIMIT = 1024;
const recent = new Map<string, LockKeys>();

/**
 * Channels of backend instances: a release publishes the id of the next waiter on the channel of
 * the instance that waits (`cachify:wake:<instance id>`), so only that process wakes up.
 */
export const WAKE_CHANNEL_PREFIX = 'cachify:wake:';

/** The channel on which the backend instance `instanceId` hears that one of its waiters is next. */
export function wakeChannel(instanceId: string): string {
  return WAKE_CHANNEL_PREFIX + instanceId;
}

/**
 * How a waiter appears in a lock's queue: its backend instance's id (which names the channel to
 * wake it on), a space, and its owner token.
 */
export function waiterId(instanceId: string, owner: string): string {
  return `${instanceId} ${owner}`;
}

/**
 * A lifetime in ms as Redis takes it (`PX` wants a whole number, at least 1): fractions round up,
 * so a lock or value never lives shorter than asked.
 */
export function wholeMilliseconds(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

/** {@link wholeMilliseconds} as a script argument; `null` (never expires) becomes `'0'`. */
export function milliseconds(ms: number | null): string {
  return ms === null ? '0' : String(wholeMilliseconds(ms));
}

/** Channel on which force releases are announced (`released\n<lock key>\n<owner>`), for `watchLock`. */
export const LOCK_EVENTS_CHANNEL = 'cachify:lock-events';

/**
 * Lifetime of a lock's fencing counter after its last token (ms), so that locks used once do not
 * leave keys behind forever. Tokens are never below the Redis clock in µs (see `fence.ts`), so
 * they keep increasing after the counter lapsed.
 */
export const FENCE_RETENTION_MS = 86_400_000;
