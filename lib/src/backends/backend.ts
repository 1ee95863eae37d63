/**
 * The contract between `cachify`'s locks and wrappers and the store that holds their state.
 *
 * A backend works on storage keys (the instance prefix and namespace already applied) and never
 * sees user keys. Async operations are required; the `*Sync` twins are optional and exist only
 * where the store can answer without waiting (the memory backend has them, Redis does not).
 *
 * @module
 */

/**
 * What a backend hands back when an acquisition succeeds.
 *
 * @see [Lock methods](https://cachify.dev/locks/methods/) in the guide
 */
export interface LockGrant {
  /** Strictly increasing per storage key across every holder of this backend's store. */
  readonly fencingToken: bigint;
  /** Epoch milliseconds when the lock expires, or `null` when it never expires. */
  readonly expiresAt: number | null;
}

/**
 * One attempt (or one wait) to take a lock: the checked options of `lock()`, for a backend.
 *
 * @see [Lock parameters](https://cachify.dev/locks/parameters/) in the guide
 */
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

/** What a backend hands back when a slot's lifetime was reset. */
export interface SlotExtension {
  /** Epoch milliseconds when the slot now expires, or `null` when it never expires. */
  readonly expiresAt: number | null;
}

/** One attempt (or one wait) to take a slot of a pool. */
export interface AcquireSlotRequest extends AcquireLockRequest {
  /** Storage key of the pool. */
  readonly key: string;
  /** The slot's lifetime in ms from the moment it is granted; `null` = never expires. */
  readonly exp: number | null;
  /** How many slots the pool has: the acquisition succeeds only while fewer are held. */
  readonly maxSize: number;
}

/**
 * Why a held lock stopped being held by its owner: the `reason` of a `CachifyLockLostError`.
 *
 * @see [`signal`: know when the lock is lost](https://cachify.dev/locks/methods/#signal-know-when-the-lock-is-lost) in the guide
 */
export type LockLossReason =
  /** Its lifetime ran out. */
  | 'expired'
  /** Someone force-released it (`lock.release()`). */
  | 'released'
  /** Another owner holds it now. */
  | 'taken'
  /** A renewal (`extend` or `autoExtend`) failed or found the lock gone. */
  | 'extend-failed';

/**
 * Turns values into what the store keeps, and back: a backend's default for `cached`.
 *
 * @see [`ttl`, `encode` and `decode`](https://cachify.dev/wrappers/cached/#ttl-encode-and-decode) in the guide
 */
export interface ValueCodec {
  /**
   * Value -> stored form.
   *
   * @param value - A result of a `cached` function.
   */
  encode(value: unknown): unknown;
  /**
   * Stored form -> value.
   *
   * @param stored - What `encode` returned, as the store gives it back.
   */
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
 * - A timer that a pending call waits on (a waiter's timeout, the holder's expiry a waiter needs,
 *   the pause between a waiter's attempts) keeps a Node process alive until that call settles,
 *   like a pending `fetch`, so that `await lock.acquire()` is never cut short by an empty event
 *   loop (`setWaitTimeout`). Nothing else a backend starts does: timers that watch holders, renew
 *   or sweep run in the background (`unref`'d, `setBackgroundTimeout`).
 * - No rejection escapes unhandled.
 *
 * Built in: `memoryBackend()` and `redisBackend(client)` from `cachify/redis`.
 *
 * @see [Initializing](https://cachify.dev/getting-started/initializing/) in the guide
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

  /**
   * Takes the lock, or waits for it. Resolves `null` when it could not be had.
   *
   * @param request - Key, owner token, lifetime and how to wait; see {@link AcquireLockRequest}.
   */
  acquireLock(request: AcquireLockRequest): Promise<LockGrant | null>;
  /**
   * Synchronous {@link LockBackend.acquireLock}; with `wait` it blocks the thread.
   *
   * @param request - As for {@link LockBackend.acquireLock}.
   */
  acquireLockSync?(request: AcquireLockRequest): LockGrant | null;

  /**
   * Releases the lock if `owner` still holds it. `true` when it did. Wakes the next waiter.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseLock(key: string, owner: string): Promise<boolean>;
  /**
   * Synchronous {@link LockBackend.releaseLock}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseLockSync?(key: string, owner: string): boolean;

  /**
   * Resets the lock's lifetime to `exp` ms from now (`null` = never expires) if `owner` still
   * holds it. Resolves the new grant, or `null` when `owner` no longer holds the lock.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendLock(key: string, owner: string, exp: number | null): Promise<LockGrant | null>;
  /**
   * Synchronous {@link LockBackend.extendLock}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendLockSync?(key: string, owner: string, exp: number | null): LockGrant | null;

  /**
   * Deletes the lock whoever holds it. `true` when a lock was there. Wakes the next waiter.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  forceReleaseLock(key: string): Promise<boolean>;
  /**
   * Synchronous {@link LockBackend.forceReleaseLock}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  forceReleaseLockSync?(key: string): boolean;

  /**
   * Whether anyone holds the lock now (an expired lock is not held).
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  isLocked(key: string): Promise<boolean>;
  /**
   * Synchronous {@link LockBackend.isLocked}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  isLockedSync?(key: string): boolean;

  /**
   * Calls `onLost` once when the backend learns that `owner` no longer holds the lock before the
   * owner released it (force release, takeover). Expiry is also reported where the backend sees it.
   * Returns a function that stops watching. Optional: without it, only expiry and failed
   * renewals are detected, by the lock handle itself.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param onLost - Told how the lock was lost, at most once.
   */
  watchLock?(key: string, owner: string, onLost: (reason: LockLossReason) => void): () => void;

  /**
   * The stored value, or `undefined` when absent or expired.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  getValue(key: string): Promise<unknown>;
  /**
   * Synchronous {@link LockBackend.getValue}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  getValueSync?(key: string): unknown;

  /**
   * Stores a value for `ttl` ms (`null` = forever).
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param value - The encoded value.
   * @param ttl - Lifetime in milliseconds; `null`: until deleted.
   */
  setValue(key: string, value: unknown, ttl: number | null): Promise<void>;
  /**
   * Synchronous {@link LockBackend.setValue}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param value - The encoded value.
   * @param ttl - Lifetime in milliseconds; `null`: until deleted.
   */
  setValueSync?(key: string, value: unknown, ttl: number | null): void;

  /**
   * Deletes a value. `true` when one was there.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  deleteValue(key: string): Promise<boolean>;
  /**
   * Synchronous {@link LockBackend.deleteValue}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  deleteValueSync?(key: string): boolean;

  /** Frees connections and timers the backend owns (not the clients it was given). */
  close?(): Promise<void>;
}

/**
 * A backend with pools: up to `maxSize` holders of one key at a time, each with its own slot.
 * The memory and Redis backends are pool backends; `pool()` checks for these operations when it
 * is used.
 *
 * Rules every pool backend keeps, on top of the {@link LockBackend} rules:
 * - At most `maxSize` live slots per key; an expired slot no longer counts, without any sweeper.
 * - `releaseSlot` / `extendSlot` act only for the slot's owner.
 * - Waiters are served first come, first served: a freed slot goes to the longest waiter.
 * - Fencing tokens are strictly increasing per pool key across every holder.
 */
export interface PoolBackend extends LockBackend {
  /**
   * Takes a slot if fewer than `maxSize` are held, or waits for one.
   *
   * @param request - The key, owner token, lifetime and how to wait.
   */
  acquireSlot(request: AcquireSlotRequest): Promise<LockGrant | null>;
  /**
   * Synchronous {@link PoolBackend.acquireSlot}; with `wait` it blocks the thread.
   *
   * @param request - The key, owner token, lifetime and how to wait.
   */
  acquireSlotSync?(request: AcquireSlotRequest): LockGrant | null;

  /**
   * Frees `owner`'s slot if it still holds it. `true` when it did. Hands it to the next waiter.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock or slot.
   */
  releaseSlot(key: string, owner: string): Promise<boolean>;
  /**
   * Synchronous {@link PoolBackend.releaseSlot}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock or slot.
   */
  releaseSlotSync?(key: string, owner: string): boolean;

  /**
   * Resets the lifetime of `owner`'s slot to `exp` ms from now (`null` = never expires) if it
   * still holds it. Resolves the new expiry, or `null` when the slot is gone (expired).
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock or slot.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendSlot(key: string, owner: string, exp: number | null): Promise<SlotExtension | null>;
  /**
   * Synchronous {@link PoolBackend.extendSlot}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock or slot.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendSlotSync?(key: string, owner: string, exp: number | null): SlotExtension | null;

  /**
   * How many live slots the pool has now (expired ones not counted).
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  poolSize(key: string): Promise<number>;
  /**
   * Synchronous {@link PoolBackend.poolSize}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  poolSizeSync?(key: string): number;

  /**
   * Calls `onLost` once when the backend learns that `owner`'s slot is gone before its owner
   * released it. Optional, as {@link LockBackend.watchLock}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock or slot.
   * @param onLost - Told how it was lost, at most once.
   */
  watchSlot?(key: string, owner: string, onLost: (reason: LockLossReason) => void): () => void;
}

/**
 * Whether `backend` has the pool operations.
 *
 * @param backend - The backend to look at.
 */
export function isPoolBackend(backend: LockBackend): backend is PoolBackend {
  const candidate = backend as Partial<PoolBackend>;
  return (
    typeof candidate.acquireSlot === 'function' &&
    typeof candidate.releaseSlot === 'function' &&
    typeof candidate.extendSlot === 'function' &&
    typeof candidate.poolSize === 'function'
  );
}
