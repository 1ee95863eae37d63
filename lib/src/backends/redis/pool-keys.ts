/**
 * The Redis keys of one pool, all derived from one hash tag so that a Redis Cluster keeps them in
 * one slot (scripts may only touch keys of one slot).
 *
 * @module
 */

/** Keys that belong to one pool. */
export interface PoolKeys {
  /**
   * Sorted set of the owner tokens of held slots, scored by expiry (epoch ms, Redis clock;
   * `+inf` = never expires). Scripts drop members whose score has passed before counting, so an
   * expired slot stops counting without any sweeper.
   */
  readonly slots: string;
  /**
   * Sorted set of waiter ids (see `waiterId`) that a freed place was handed to, scored by the end
   * of their queue place (ms): the waiter turns it into its slot on its next attempt.
   */
  readonly reserved: string;
  /** The last fencing token handed out: at least the Redis clock in µs, and above the last one. */
  readonly fence: string;
  /** Sorted set of waiter ids, scored by arrival (microseconds, Redis clock). */
  readonly queue: string;
  /** Sorted set of waiter ids, scored by the time their place in the queue lapses (ms). */
  readonly leases: string;
}

/**
 * Keys of the pool stored under `storageKey` (e.g. `cachify:pool:workers` becomes
 * `{cachify:pool:workers}:slots`, `{cachify:pool:workers}:fence`, ...).
 */
export function poolKeys(storageKey: string): PoolKeys {
  let keys = recent.get(storageKey);
  if (keys === undefined) {
    const tag = `{${storageKey}}`;
    keys = {
      slots: `${tag}:slots`,
      reserved: `${tag}:reserved`,
      fence: `${tag}:fence`,
      queue: `${tag}:queue`,
      leases: `${tag}:leases`,
    };
    // Busy pools are acquired and released over and over: keep their keys, within bounds.
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(storageKey, keys);
  }
  return keys;
}

const RECENT_LIMIT = 1024;
const recent = new Map<string, PoolKeys>();
