/**
 * The contract between `cachify`'s locks and wrappers and the store that holds their state.
 *
 * A backend works on storage keys (the instance prefix and namespace already applied) and never
 * sees user keys. Async operations are required; the `*Sync` twins are optional and exist only
 * where the store can answer without waiting (the memory backend has them, Redis does not).
 *
 * @module
 */

/** What a backend hands back when an acquisition succeeds. */
export interface LockGrant {
  /** Strictly increasing per storage key across every holder of this backend's store. */
  readonly fencingToken: bigint;
  /** Epoch milliseconds when the lock expires, or `null` when it never expires. */
  readonly expiresAt: number | null;
}

/** One attempt (or one wait) to take a lock. */
export interface AcquireLockRequest {
  /** Storage key of the lock. */
  readonly key: string;
  /** Owner token, unique to this acquisition; release and extend must present it. */
  readonly owner: string;
  /** Lifetime in milliseconds from the moment the lock is granted; `null` = never expires. */
  readonly exp: number | null;
  /** `false` = a single attempt; `true` = wait for the lock, in FIFO order with other waiters. */
  readonly wait: boolean;
  /** With `wait`: longest wait in milliseconds; `null` = no limit. */
  readonly timeout: number | null;
  /** With `wait`: aborting it stops the wait, and the acquisition rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

/** Why a held lock stopped being held by its owner. */
export type LockLossReason =
  /** Its lifetime ran out. */
  | 'expired'
  /** Someone force-released it (`lock.release()`). */
  | 'released'
  /** Another owner holds it now. */
  | 'taken'
  /** A renewal (`extend` or `autoExtend`) failed or found the lock gone. */
  | 'extend-failed';

/** Turns values into what the store keeps, and back. */
export interface ValueCodec {
  /** Value -> stored form. */
  encode(value: unknown): unknown;
  /** Stored form -> value. */
  decode(stored: unknown): unknown;
}

/**
 * A store for locks and cached values.
 *
 * Rules every backend keeps:
 * - A lock has at most one owner at a time; `releaseLock` / `extendLock` act only for that owner.
 * - `acquireLock` resolves `null` when the lock could not be had (held, with `wait: false`; or the
 *   `timeout` passed) and rejects only for cancellation (`signal`) or a store failure.
 * - Waiters are served first come, first served. A release hands the lock to the next waiter.
 * - Nothing a backend starts keeps a Node process alive (timers are `unref`'d) and no rejection
 *   escapes unhandled.
 */
export interface LockBackend {
  /** Short name for messages, e.g. `'memory'` or `'redis'`. */
  readonly name: string;

  /** Codec used by `cached` when the user gives no `encode` / `decode`; identity when absent. */
  readonly defaultCodec?: ValueCodec;

  /** Default for the `autoExtend` lock option of locks on this backend (`false` when absent). */
  readonly autoExtend?: boolean;

  /**
   * The backend's clock, epoch milliseconds (`Date.now` when absent). Lock handles time their
   * `'expired'` signal with it, so a backend with an injected clock stays consistent.
   */
  now?(): number;

  /** Takes the lock, or waits for it. See {@link AcquireLockRequest}. */
  acquireLock(request: AcquireLockRequest): Promise<LockGrant | null>;
  /** Synchronous {@link LockBackend.acquireLock}; with `wait` it blocks the thread. */
  acquireLockSync?(request: AcquireLockRequest): LockGrant | null;

  /** Releases the lock if `owner` still holds it. `true` when it did. Wakes the next waiter. */
  releaseLock(key: string, owner: string): Promise<boolean>;
  /** Synchronous {@link LockBackend.releaseLock}. */
  releaseLockSync?(key: string, owner: string): boolean;

  /**
   * Resets the lock's lifetime to `exp` ms from now (`null` = never expires) if `owner` still
   * holds it. Resolves the new grant, or `null` when `owner` no longer holds the lock.
   */
  extendLock(key: string, owner: string, exp: number | null): Promise<LockGrant | null>;
  /** Synchronous {@link LockBackend.extendLock}. */
  extendLockSync?(key: string, owner: string, exp: number | null): LockGrant | null;

  /** Deletes the lock whoever holds it. `true` when a lock was there. Wakes the next waiter. */
  forceReleaseLock(key: string): Promise<boolean>;
  /** Synchronous {@link LockBackend.forceReleaseLock}. */
  forceReleaseLockSync?(key: string): boolean;

  /** Whether anyone holds the lock now (an expired lock is not held). */
  isLocked(key: string): Promise<boolean>;
  /** Synchronous {@link LockBackend.isLocked}. */
  isLockedSync?(key: string): boolean;

  /**
   * Calls `onLost` once when the backend learns that `owner` no longer holds the lock before the
   * owner released it (force release, takeover). Expiry is also reported where the backend sees it.
   * Returns a function that stops watching. Optional: without it, only expiry and failed
   * renewals are detected, by the lock handle itself.
   */
  watchLock?(key: string, owner: string, onLost: (reason: LockLossReason) => void): () => void;

  /** The stored value, or `undefined` when absent or expired. */
  getValue(key: string): Promise<unknown>;
  /** Synchronous {@link LockBackend.getValue}. */
  getValueSync?(key: string): unknown;

  /** Stores a value for `ttl` ms (`null` = forever). */
  setValue(key: string, value: unknown, ttl: number | null): Promise<void>;
  /** Synchronous {@link LockBackend.setValue}. */
  setValueSync?(key: string, value: unknown, ttl: number | null): void;

  /** Deletes a value. `true` when one was there. */
  deleteValue(key: string): Promise<boolean>;
  /** Synchronous {@link LockBackend.deleteValue}. */
  deleteValueSync?(key: string): boolean;

  /** Frees connections and timers the backend owns (not the clients it was given). */
  close?(): Promise<void>;
}
