import { CachifyError } from '../errors.js';
import { acquireBlocking } from '../internal/block-thread.js';
import {
  RESOLVED_FALSE,
  RESOLVED_NULL,
  RESOLVED_TRUE,
  RESOLVED_UNDEFINED,
} from '../internal/promises.js';
import { MAX_TIMER_DELAY, setWaitTimeout, type Timer } from '../internal/timers.js';
import type {
  AcquireLockRequest,
  AcquireSlotRequest,
  LockGrant,
  LockLossReason,
  PoolBackend,
  SlotExtension,
} from './backend.js';
import { MemoryPools } from './memory-pools.js';

/**
 * Options of {@link memoryBackend}.
 *
 * @example
 * ```ts
 * let now = 0;
 * const backend = memoryBackend({ now: () => now }); // a test drives expiry by moving `now`
 * ```
 * @see [In memory](https://cachify.dev/getting-started/initializing/#in-memory) in the guide
 */
export interface MemoryBackendOptions {
  /**
   * The clock, in epoch milliseconds. Tests pass their own to drive expiry without waiting;
   * waiters' timers still run on real time.
   *
   * @default Date.now
   */
  now?: () => number;
}

/** A held lock; also handed out as its {@link LockGrant} (the core copies the fields at once). */
interface HeldLock {
  owner: string;
  fencingToken: bigint;
  expiresAt: number | null;
  /** Told when the owner loses the lock without releasing it (see `watchLock`). */
  onLost: ((reason: LockLossReason) => void) | null;
}

/** One pending async acquisition, a node of its key's FIFO queue. */
interface Waiter {
  /** The acquisition: owner, lifetime and signal (kept, not copied: waiters are many). */
  readonly request: AcquireLockRequest;
  resolve: (grant: LockGrant | null) => void;
  reject: (reason: unknown) => void;
  onAbort: (() => void) | null;
  timer: Timer | undefined;
  queue: WaitQueue | null;
  prev: Waiter | null;
  next: Waiter | null;
}

/** Waiters of one key, oldest first, and the one timer that watches the holder's expiry. */
interface WaitQueue {
  readonly key: string;
  head: Waiter | null;
  tail: Waiter | null;
  timer: Timer | undefined;
  /** When `timer` fires (epoch ms). */
  timerAt: number;
}

interface StoredValue {
  readonly value: unknown;
  readonly expiresAt: number | null;
}

/**
 * The in-memory backend: locks, pools and cached values of one JavaScript thread, with sync and
 * async operations. Waiters are served first come, first served: a release hands the lock (or the
 * pool slot) straight to the next waiter. Nothing polls, and no timer runs while nobody waits.
 *
 * Create one with {@link memoryBackend}.
 *
 * @see [In memory](https://cachify.dev/getting-started/initializing/#in-memory) in the guide
 */
export class MemoryBackend implements PoolBackend {
  /** `'memory'`. */
  readonly name = 'memory';

  readonly #now: () => number;
  /**
   * Held locks by key. A released key keeps its slot (set to `undefined`) while the map is small:
   * overwriting a slot is much cheaper than deleting and re-inserting a Map entry.
   */
  readonly #locks = new Map<string, HeldLock | undefined>();
  readonly #queues = new Map<string, WaitQueue>();
  readonly #values = new Map<string, StoredValue>();
  /** Size of `#values` at which expired values are swept (values nobody reads again go too). */
  #sweepValuesAt = 1024;
  /** One counter for every key: strictly increasing per key follows. */
  #fencingCounter = 0n;
  readonly #pools: MemoryPools;

  /**
   * See {@link MemoryBackendOptions}.
   *
   * @param options - See {@link MemoryBackendOptions}.
   */
  constructor(options: MemoryBackendOptions = {}) {
    const now = options.now;
    if (now !== undefined && typeof now !== 'function') {
      throw new TypeError('memoryBackend(): `now` must be a function returning epoch milliseconds');
    }
    this.#now = now ?? Date.now;
    this.#pools = new MemoryPools(this.#now);
  }

  /** The backend's clock, epoch milliseconds. */
  now(): number {
    return this.#now();
  }

  /**
   * What the backend keeps now: for monitoring, and to check that nothing piles up.
   * `storedValues` counts values not yet swept, expired or not.
   */
  stats(): {
    /** Locks held now (expired ones included until they are swept). */
    heldLocks: number;
    /** Keys that have waiters in line. */
    waitingKeys: number;
    /** Values stored, expired or not. */
    storedValues: number;
  } {
    let heldLocks = 0;
    for (const held of this.#locks.values()) if (held !== undefined) heldLocks += 1;
    return { heldLocks, waitingKeys: this.#queues.size, storedValues: this.#values.size };
  }

  // Locks

  /**
   * Takes the lock if it is free; with `wait`, blocks the thread until it is (or the timeout).
   *
   * @param request - Key, owner token, lifetime and how to wait; see {@link AcquireLockRequest}.
   */
  acquireLockSync(request: AcquireLockRequest): LockGrant | null {
    const { key } = request;
    const now = this.#now();
    const held = this.#current(key, now);
    if (held === undefined) return this.#grant(key, request.owner, request.exp, now);
    if (!request.wait) return null;
    return acquireBlocking(request, 'lock', this.#now, (at) => {
      const holder = this.#current(key, at);
      if (holder === undefined) return this.#grant(key, request.owner, request.exp, at);
      return holder.expiresAt ?? Number.POSITIVE_INFINITY;
    });
  }

  /**
   * Takes the lock, or waits in line for it (no polling: a release hands it over).
   *
   * @param request - Key, owner token, lifetime and how to wait; see {@link AcquireLockRequest}.
   */
  acquireLock(request: AcquireLockRequest): Promise<LockGrant | null> {
    try {
      const { key, signal } = request;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const now = this.#now();
      const held = this.#current(key, now);
      if (held === undefined)
        return Promise.resolve(this.#grant(key, request.owner, request.exp, now));
      if (!request.wait || request.timeout === 0) return RESOLVED_NULL;
      forming = this.#enqueue(request, held);
      const waiting = new Promise<LockGrant | null>(takeResolvers);
      forming = undefined;
      return waiting;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Releases the lock if `owner` holds it (an expired lock has no owner) and wakes the next waiter.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseLockSync(key: string, owner: string): boolean {
    const held = this.#locks.get(key);
    if (held === undefined || held.owner !== owner) return false;
    if (held.expiresAt !== null && held.expiresAt <= this.#now()) {
      this.#expire(key, held);
      return false;
    }
    this.#free(key);
    this.#handOff(key);
    return true;
  }

  /**
   * Async {@link MemoryBackend.releaseLockSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseLock(key: string, owner: string): Promise<boolean> {
    try {
      return this.releaseLockSync(key, owner) ? RESOLVED_TRUE : RESOLVED_FALSE;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Resets the lifetime to `exp` ms from now if `owner` still holds the lock.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendLockSync(key: string, owner: string, exp: number | null): LockGrant | null {
    const now = this.#now();
    const held = this.#current(key, now);
    if (held === undefined || held.owner !== owner) return null;
    held.expiresAt = exp === null ? null : now + exp;
    const queue = this.#queues.get(key);
    if (queue !== undefined) this.#armExpiry(queue, held);
    return { fencingToken: held.fencingToken, expiresAt: held.expiresAt };
  }

  /**
   * Async {@link MemoryBackend.extendLockSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendLock(key: string, owner: string, exp: number | null): Promise<LockGrant | null> {
    try {
      return Promise.resolve(this.extendLockSync(key, owner, exp));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Deletes the lock whoever holds it; the next waiter gets it.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  forceReleaseLockSync(key: string): boolean {
    const held = this.#locks.get(key);
    if (held === undefined) return false;
    // An expired lock is freed all the same, but it was no longer there to release.
    const expired = held.expiresAt !== null && held.expiresAt <= this.#now();
    this.#free(key);
    this.#handOff(key);
    held.onLost?.(expired ? 'expired' : 'released');
    return !expired;
  }

  /**
   * Async {@link MemoryBackend.forceReleaseLockSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  forceReleaseLock(key: string): Promise<boolean> {
    try {
      return this.forceReleaseLockSync(key) ? RESOLVED_TRUE : RESOLVED_FALSE;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Whether anyone holds the lock now.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  isLockedSync(key: string): boolean {
    return this.#current(key, this.#now()) !== undefined;
  }

  /**
   * Async {@link MemoryBackend.isLockedSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  isLocked(key: string): Promise<boolean> {
    return this.isLockedSync(key) ? RESOLVED_TRUE : RESOLVED_FALSE;
  }

  /**
   * Calls `onLost` once if `owner` loses the lock without releasing it.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param onLost - Told how the lock was lost, at most once.
   */
  watchLock(key: string, owner: string, onLost: (reason: LockLossReason) => void): () => void {
    const held = this.#current(key, this.#now());
    if (held === undefined || held.owner !== owner) {
      // Already lost: say so at once (an expired lock is gone; a force-released one looks the same).
      onLost(held === undefined ? 'expired' : 'taken');
      return noop;
    }
    let called = false;
    const watcher = (reason: LockLossReason) => {
      if (called) return;
      called = true;
      if (held.onLost === watcher) held.onLost = null;
      onLost(reason);
    };
    held.onLost = watcher;
    return () => {
      called = true;
      if (held.onLost === watcher) held.onLost = null;
    };
  }

  // Pools

  /** Held slots, and pools that someone waits for: for monitoring, and to check that nothing piles up. */
  poolStats(): {
    /** Slots held now, in every pool. */
    heldSlots: number;
    /** Pools that have waiters in line. */
    waitingPools: number;
  } {
    return this.#pools.stats();
  }

  /**
   * Takes a slot if fewer than `maxSize` are held; with `wait`, blocks the thread until one is.
   *
   * @param request - Key, owner token, lifetime and how to wait; see {@link AcquireLockRequest}.
   */
  acquireSlotSync(request: AcquireSlotRequest): LockGrant | null {
    return this.#pools.acquireSync(request);
  }

  /**
   * Takes a slot, or waits in line for one (no polling: a release hands its place over).
   *
   * @param request - Key, owner token, lifetime and how to wait; see {@link AcquireLockRequest}.
   */
  acquireSlot(request: AcquireSlotRequest): Promise<LockGrant | null> {
    try {
      return this.#pools.acquire(request);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Frees `owner`'s slot if it is still live; the longest waiter gets its place.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseSlotSync(key: string, owner: string): boolean {
    return this.#pools.release(key, owner);
  }

  /**
   * Async {@link MemoryBackend.releaseSlotSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseSlot(key: string, owner: string): Promise<boolean> {
    try {
      return this.#pools.release(key, owner) ? RESOLVED_TRUE : RESOLVED_FALSE;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Resets the lifetime of `owner`'s slot to `exp` ms from now if it is still live.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendSlotSync(key: string, owner: string, exp: number | null): SlotExtension | null {
    return this.#pools.extend(key, owner, exp);
  }

  /**
   * Async {@link MemoryBackend.extendSlotSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   * @param exp - The new lifetime in milliseconds from now; `null`: never expires.
   */
  extendSlot(key: string, owner: string, exp: number | null): Promise<SlotExtension | null> {
    try {
      return Promise.resolve(this.#pools.extend(key, owner, exp));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Live slots of the pool now.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  poolSizeSync(key: string): number {
    return this.#pools.size(key);
  }

  /**
   * Async {@link MemoryBackend.poolSizeSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  poolSize(key: string): Promise<number> {
    try {
      return Promise.resolve(this.#pools.size(key));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // Values

  /**
   * The stored value, or `undefined` when absent or expired.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  getValueSync(key: string): unknown {
    const stored = this.#values.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt !== null && stored.expiresAt <= this.#now()) {
      this.#values.delete(key);
      return undefined;
    }
    return stored.value;
  }

  /**
   * Async {@link MemoryBackend.getValueSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  getValue(key: string): Promise<unknown> {
    try {
      const value = this.getValueSync(key);
      return value === undefined ? RESOLVED_UNDEFINED : Promise.resolve(value);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Stores a value for `ttl` ms (`null` = forever).
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param value - The value to store (already encoded).
   * @param ttl - Lifetime in milliseconds; `null`: until deleted.
   */
  setValueSync(key: string, value: unknown, ttl: number | null): void {
    const now = this.#now();
    this.#values.set(key, { value, expiresAt: ttl === null ? null : now + ttl });
    if (this.#values.size >= this.#sweepValuesAt) {
      // Amortised O(1): the next sweep waits until the map has doubled again.
      for (const [storedKey, stored] of this.#values) {
        if (stored.expiresAt !== null && stored.expiresAt <= now) this.#values.delete(storedKey);
      }
      this.#sweepValuesAt = Math.max(1024, this.#values.size * 2);
    }
  }

  /**
   * Async {@link MemoryBackend.setValueSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param value - The value to store (already encoded).
   * @param ttl - Lifetime in milliseconds; `null`: until deleted.
   */
  setValue(key: string, value: unknown, ttl: number | null): Promise<void> {
    try {
      this.setValueSync(key, value, ttl);
      return RESOLVED_UNDEFINED;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Deletes a value; `true` when a live one was there.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  deleteValueSync(key: string): boolean {
    const present = this.getValueSync(key) !== undefined;
    this.#values.delete(key);
    return present;
  }

  /**
   * Async {@link MemoryBackend.deleteValueSync}.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  deleteValue(key: string): Promise<boolean> {
    try {
      return this.deleteValueSync(key) ? RESOLVED_TRUE : RESOLVED_FALSE;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Rejects every waiter with a {@link CachifyError}, stops their timers and forgets all locks,
   * slots and values.
   */
  close(): Promise<void> {
    this.#pools.close();
    for (const queue of this.#queues.values()) {
      clearTimeout(queue.timer);
      for (let waiter = queue.head; waiter !== null; waiter = waiter.next) {
        this.#settle(waiter);
        waiter.reject(new CachifyError('the memory backend was closed while waiting for a lock'));
      }
    }
    this.#queues.clear();
    this.#locks.clear();
    this.#values.clear();
    return RESOLVED_UNDEFINED;
  }

  // Internals

  /** The live holder of `key`, after handing an expired lock to the next waiter. */
  #current(key: string, now: number): HeldLock | undefined {
    const held = this.#locks.get(key);
    if (held === undefined || held.expiresAt === null || held.expiresAt > now) return held;
    return this.#expire(key, held);
  }

  /** Drops an expired lock, hands it on, tells its owner; returns the new holder, if any. */
  #expire(key: string, held: HeldLock): HeldLock | undefined {
    this.#free(key);
    this.#handOff(key);
    held.onLost?.('expired');
    return this.#locks.get(key);
  }

  /** Empties a key's slot; past a thousand keys, drops it so unused keys cost no memory. */
  #free(key: string): void {
    if (this.#locks.size > 1024) this.#locks.delete(key);
    else this.#locks.set(key, undefined);
  }

  #grant(key: string, owner: string, exp: number | null, now = this.#now()): HeldLock {
    this.#fencingCounter += 1n;
    const held: HeldLock = {
      owner,
      fencingToken: this.#fencingCounter,
      expiresAt: exp === null ? null : now + exp,
      onLost: null,
    };
    this.#locks.set(key, held);
    return held;
  }

  /** Gives a free lock to the oldest waiter of `key`, with its own lifetime from now. */
  #handOff(key: string): void {
    if (this.#queues.size === 0) return;
    const queue = this.#queues.get(key);
    if (queue === undefined) return;
    const waiter = queue.head;
    if (waiter === null) return;
    this.#settle(waiter);
    const held = this.#grant(key, waiter.request.owner, waiter.request.exp);
    if (queue.head === null) {
      clearTimeout(queue.timer);
      this.#queues.delete(key);
    } else {
      this.#armExpiry(queue, held);
    }
    waiter.resolve(held);
  }

  /** Queues a waiter; its promise's resolvers are filled in by the caller. */
  #enqueue(request: AcquireLockRequest, held: HeldLock): Waiter {
    const { key, signal, timeout } = request;
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = { key, head: null, tail: null, timer: undefined, timerAt: Number.POSITIVE_INFINITY };
      this.#queues.set(key, queue);
    }
    const waiter: Waiter = {
      request,
      resolve: noop,
      reject: noop,
      onAbort: null,
      timer: undefined,
      queue,
      prev: queue.tail,
      next: null,
    };
    if (queue.tail === null) queue.head = waiter;
    else queue.tail.next = waiter;
    queue.tail = waiter;
    if (timeout !== null) this.#armTimeout(waiter, timeout);
    if (signal !== undefined) {
      waiter.onAbort = () => {
        this.#leave(waiter);
        waiter.reject(signal.reason);
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    this.#armExpiry(queue, held);
    return waiter;
  }

  /** Gives up the wait after `remaining` ms, in steps of at most what `setTimeout` honours. */
  #armTimeout(waiter: Waiter, remaining: number): void {
    waiter.timer = setWaitTimeout(() => {
      if (remaining > MAX_TIMER_DELAY) {
        this.#armTimeout(waiter, remaining - MAX_TIMER_DELAY);
        return;
      }
      this.#leave(waiter);
      waiter.resolve(null);
    }, remaining);
  }

  /** Unlinks a waiter in O(1) and stops its timer and abort listener. */
  #settle(waiter: Waiter): void {
    const queue = waiter.queue;
    if (queue === null) return;
    if (waiter.prev === null) queue.head = waiter.next;
    else waiter.prev.next = waiter.next;
    if (waiter.next === null) queue.tail = waiter.prev;
    else waiter.next.prev = waiter.prev;
    waiter.queue = null;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if (waiter.onAbort !== null)
      waiter.request.signal?.removeEventListener('abort', waiter.onAbort);
  }

  /** A waiter gives up (timeout or abort); the key's timer stops when nobody is left. */
  #leave(waiter: Waiter): void {
    const queue = waiter.queue;
    if (queue === null) return;
    this.#settle(waiter);
    if (queue.head === null) {
      clearTimeout(queue.timer);
      this.#queues.delete(queue.key);
    }
  }

  /** Keeps the key's one timer set for the holder's expiry, so waiters get an expired lock. */
  #armExpiry(queue: WaitQueue, held: HeldLock): void {
    const at = held.expiresAt;
    if (at === null) {
      if (queue.timer !== undefined) clearTimeout(queue.timer);
      queue.timer = undefined;
      queue.timerAt = Number.POSITIVE_INFINITY;
      return;
    }
    // A timer due no later is kept: it fires, finds the lock still held, and re-arms. So a chain of
    // hand-offs costs no timer operations.
    if (queue.timer !== undefined && queue.timerAt <= at) return;
    if (queue.timer !== undefined) clearTimeout(queue.timer);
    queue.timerAt = at;
    queue.timer = setWaitTimeout(() => {
      queue.timer = undefined;
      queue.timerAt = Number.POSITIVE_INFINITY;
      // Hands an expired lock on, or re-arms for a holder that extended.
      const current = this.#current(queue.key, this.#now());
      if (current !== undefined && queue.head !== null && this.#queues.get(queue.key) === queue) {
        this.#armExpiry(queue, current);
      }
    }, at - this.#now());
  }
}

function noop(): void {}

/** The waiter whose promise is being created, so one shared executor can hand it its resolvers. */
let forming: Waiter | undefined;

/** Promise executor shared by every waiter: no closure per wait. */
function takeResolvers(
  resolve: (grant: LockGrant | null) => void,
  reject: (reason: unknown) => void,
): void {
  if (forming === undefined) return;
  forming.resolve = resolve;
  forming.reject = reject;
}

/**
 * Creates an in-memory backend, the default of `initCachify()`. Its locks and values live in this
 * JavaScript thread: use the Redis backend to lock across processes.
 *
 * @param options - The clock; see {@link MemoryBackendOptions}.
 * @example
 * ```ts
 * const store = memoryBackend();
 * const billing = initCachify({ backend: store, prefix: 'billing:', isGlobal: false });
 * const shipping = initCachify({ backend: store, prefix: 'shipping:', isGlobal: false });
 * ```
 * @see [Instances with their own prefix](https://cachify.dev/getting-started/initializing/#instances-with-their-own-prefix) in the guide
 */
export function memoryBackend(options?: MemoryBackendOptions): MemoryBackend {
  return new MemoryBackend(options);
}
