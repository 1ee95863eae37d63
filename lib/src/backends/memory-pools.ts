/**
 * Pools of the in-memory backend: up to `maxSize` slots per key, each with its owner, fencing
 * token and expiry; waiters in one FIFO queue per key, served by the release (or expiry) that
 * frees a place. Nothing polls: one timer per key watches the earliest expiry while someone waits.
 *
 * @module
 */
import { CachifyError } from '../errors.js';
import { acquireBlocking } from '../internal/block-thread.js';
import { RESOLVED_NULL } from '../internal/promises.js';
import { setWaitTimeout, type Timer } from '../internal/timers.js';
import type { AcquireSlotRequest, LockGrant, SlotExtension } from './backend.js';
import { type OwnedSlot, OwnerSlots } from './owner-slots.js';

/** One pending async acquisition, a node of its pool's FIFO queue. */
interface SlotWaiter {
  readonly request: AcquireSlotRequest;
  resolve: (grant: LockGrant | null) => void;
  reject: (reason: unknown) => void;
  onAbort: (() => void) | null;
  timer: Timer | undefined;
  pool: PoolState | null;
  prev: SlotWaiter | null;
  next: SlotWaiter | null;
}

/** The slots and waiters of one pool key. */
interface PoolState {
  readonly key: string;
  /** Slots by owner token. */
  readonly slots: OwnerSlots;
  /**
   * No slot expires before this (epoch ms): expired slots are looked for only once it passed. It
   * may be earlier than the true earliest expiry (after a release or an extension); a sweep
   * recomputes it.
   */
  earliestExpiry: number;
  head: SlotWaiter | null;
  tail: SlotWaiter | null;
  /** The one timer that serves waiters when a slot expires. */
  timer: Timer | undefined;
  /** When `timer` fires (epoch ms). */
  timerAt: number;
}

/** The pools of one memory backend, on its clock. */
export class MemoryPools {
  readonly #now: () => number;
  readonly #pools = new Map<string, PoolState>();
  /** One counter for every pool: strictly increasing per key follows. */
  #fencingCounter = 0n;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Held slots and pools with waiters, to check that nothing piles up. */
  stats(): { heldSlots: number; waitingPools: number } {
    let heldSlots = 0;
    let waitingPools = 0;
    for (const pool of this.#pools.values()) {
      heldSlots += pool.slots.size;
      if (pool.head !== null) waitingPools += 1;
    }
    return { heldSlots, waitingPools };
  }

  /** Takes a slot if one is free and nobody waits before; with `wait`, blocks the thread. */
  acquireSync(request: AcquireSlotRequest): LockGrant | null {
    const now = this.#now();
    const pool = this.#poolOf(request.key);
    this.#serve(pool, now);
    if (pool.head === null && pool.slots.size < request.maxSize) {
      return this.#grant(pool, request, now);
    }
    if (!request.wait) {
      this.#forgetIfIdle(pool);
      return null;
    }
    const grant = acquireBlocking(request, 'pool', this.#now, (at) => {
      this.#serve(pool, at);
      if (pool.head === null && pool.slots.size < request.maxSize) {
        return this.#grant(pool, request, at);
      }
      return pool.earliestExpiry;
    });
    if (grant === null) this.#forgetIfIdle(pool);
    return grant;
  }

  /** Takes a slot, or waits in line for one (no polling: a release hands it over). */
  acquire(request: AcquireSlotRequest): Promise<LockGrant | null> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.#now();
    const pool = this.#poolOf(request.key);
    this.#serve(pool, now);
    if (pool.head === null && pool.slots.size < request.maxSize) {
      return Promise.resolve(this.#grant(pool, request, now));
    }
    if (!request.wait || request.timeout === 0) {
      this.#forgetIfIdle(pool);
      return RESOLVED_NULL;
    }
    return new Promise<LockGrant | null>((resolve, reject) => {
      this.#enqueue(pool, request, resolve, reject);
    });
  }

  /** Frees `owner`'s slot if it is still live, and hands the place to the longest waiter. */
  release(key: string, owner: string): boolean {
    const pool = this.#pools.get(key);
    const slot = pool?.slots.get(owner);
    if (pool === undefined || slot === undefined) return false;
    const now = this.#now();
    const live = slot.expiresAt === null || slot.expiresAt > now;
    pool.slots.remove(slot);
    this.#serve(pool, now);
    this.#forgetIfIdle(pool);
    return live;
  }

  /** Resets the lifetime of `owner`'s slot to `exp` ms from now, if it is still live. */
  extend(key: string, owner: string, exp: number | null): SlotExtension | null {
    const pool = this.#pools.get(key);
    if (pool === undefined) return null;
    const now = this.#now();
    this.#serve(pool, now);
    const slot = pool.slots.get(owner);
    if (slot === undefined) {
      this.#forgetIfIdle(pool);
      return null;
    }
    slot.expiresAt = exp === null ? null : now + exp;
    if (slot.expiresAt !== null && slot.expiresAt < pool.earliestExpiry) {
      pool.earliestExpiry = slot.expiresAt;
    }
    if (pool.head !== null) this.#armExpiry(pool);
    return { expiresAt: slot.expiresAt };
  }

  /** Live slots of the pool (expired ones are dropped first, and their places handed on). */
  size(key: string): number {
    const pool = this.#pools.get(key);
    if (pool === undefined) return 0;
    this.#serve(pool, this.#now());
    const size = pool.slots.size;
    this.#forgetIfIdle(pool);
    return size;
  }

  /** Rejects every waiter with a {@link CachifyError} and forgets every slot. */
  close(): void {
    for (const pool of this.#pools.values()) {
      clearTimeout(pool.timer);
      for (let waiter = pool.head; waiter !== null; waiter = waiter.next) {
        this.#settle(waiter);
        waiter.reject(new CachifyError('the memory backend was closed while waiting for a slot'));
      }
    }
    this.#pools.clear();
  }

  // Internals

  #poolOf(key: string): PoolState {
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = {
        key,
        slots: new OwnerSlots(),
        earliestExpiry: Number.POSITIVE_INFINITY,
        head: null,
        tail: null,
        timer: undefined,
        timerAt: Number.POSITIVE_INFINITY,
      };
      this.#pools.set(key, pool);
    }
    return pool;
  }

  /**
   * Drops a pool with no slot and no waiter once there are many pools, so unused keys cost no
   * memory; a few idle pools are kept, as rebuilding one on every acquisition costs more.
   */
  #forgetIfIdle(pool: PoolState): void {
    if (pool.slots.size === 0 && pool.head === null && this.#pools.size > 1024) {
      clearTimeout(pool.timer);
      this.#pools.delete(pool.key);
    }
  }

  /** Drops expired slots once the earliest expiry passed, and recomputes it. */
  #sweep(pool: PoolState, now: number): void {
    if (now < pool.earliestExpiry) return;
    pool.earliestExpiry = pool.slots.dropExpired(now);
  }

  /**
   * Drops expired slots and gives free places to the waiters at the head of the queue, in order;
   * keeps the expiry timer armed while someone still waits.
   */
  #serve(pool: PoolState, now: number): void {
    this.#sweep(pool, now);
    let waiter = pool.head;
    while (waiter !== null && pool.slots.size < waiter.request.maxSize) {
      this.#settle(waiter);
      waiter.resolve(this.#grant(pool, waiter.request, now));
      waiter = pool.head;
    }
    if (pool.head !== null) this.#armExpiry(pool);
    else if (pool.timer !== undefined) {
      clearTimeout(pool.timer);
      pool.timer = undefined;
      pool.timerAt = Number.POSITIVE_INFINITY;
    }
  }

  #grant(pool: PoolState, request: AcquireSlotRequest, now: number): OwnedSlot {
    this.#fencingCounter += 1n;
    const expiresAt = request.exp === null ? null : now + request.exp;
    const slot: OwnedSlot = {
      owner: request.owner,
      fencingToken: this.#fencingCounter,
      expiresAt,
      at: 0,
    };
    pool.slots.add(slot);
    if (expiresAt !== null && expiresAt < pool.earliestExpiry) pool.earliestExpiry = expiresAt;
    return slot;
  }

  #enqueue(
    pool: PoolState,
    request: AcquireSlotRequest,
    resolve: (grant: LockGrant | null) => void,
    reject: (reason: unknown) => void,
  ): void {
    const { signal, timeout } = request;
    const waiter: SlotWaiter = {
      request,
      resolve,
      reject,
      onAbort: null,
      timer: undefined,
      pool,
      prev: pool.tail,
      next: null,
    };
    if (pool.tail === null) pool.head = waiter;
    else pool.tail.next = waiter;
    pool.tail = waiter;
    if (timeout !== null) {
      waiter.timer = setWaitTimeout(() => {
        this.#leave(waiter);
        waiter.resolve(null);
      }, timeout);
    }
    if (signal !== undefined) {
      waiter.onAbort = () => {
        this.#leave(waiter);
        waiter.reject(signal.reason);
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    this.#armExpiry(pool);
  }

  /** Unlinks a waiter in O(1) and stops its timer and abort listener. */
  #settle(waiter: SlotWaiter): void {
    const pool = waiter.pool;
    if (pool === null) return;
    if (waiter.prev === null) pool.head = waiter.next;
    else waiter.prev.next = waiter.next;
    if (waiter.next === null) pool.tail = waiter.prev;
    else waiter.next.prev = waiter.prev;
    waiter.pool = null;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if (waiter.onAbort !== null) {
      waiter.request.signal?.removeEventListener('abort', waiter.onAbort);
    }
  }

  /** A waiter gives up (timeout or abort); those behind it may fit now (another `maxSize`). */
  #leave(waiter: SlotWaiter): void {
    const pool = waiter.pool;
    if (pool === null) return;
    this.#settle(waiter);
    this.#serve(pool, this.#now());
    this.#forgetIfIdle(pool);
  }

  /** Keeps the pool's one timer set for its earliest expiry, so waiters get expired places. */
  #armExpiry(pool: PoolState): void {
    const at = pool.earliestExpiry;
    if (at === Number.POSITIVE_INFINITY) {
      if (pool.timer !== undefined) clearTimeout(pool.timer);
      pool.timer = undefined;
      pool.timerAt = Number.POSITIVE_INFINITY;
      return;
    }
    // A timer due no later is kept: it fires, serves what expired, and re-arms.
    if (pool.timer !== undefined && pool.timerAt <= at) return;
    if (pool.timer !== undefined) clearTimeout(pool.timer);
    pool.timerAt = at;
    pool.timer = setWaitTimeout(() => {
      pool.timer = undefined;
      pool.timerAt = Number.POSITIVE_INFINITY;
      if (this.#pools.get(pool.key) !== pool) return;
      this.#serve(pool, this.#now());
      this.#forgetIfIdle(pool);
    }, at - this.#now());
  }
}
