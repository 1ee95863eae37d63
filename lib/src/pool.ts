import {
  type AcquireSlotRequest,
  isPoolBackend,
  type LockBackend,
  type PoolBackend,
} from './backends/backend.js';
import { CachifyError, CachifyPoolFullError } from './errors.js';
import { Acquirer } from './internal/acquire.js';
import { noSyncMethod } from './internal/no-sync.js';
import { newOwnerToken } from './internal/owner-token.js';
import { runHolding, runHoldingSync } from './internal/run-holding.js';
import type { ResolvedPoolOptions } from './pool-options.js';
import type { CachifyScope, ScopeSource } from './scope.js';
import { SlotHandle } from './slot-handle.js';
import { storageKey } from './storage-keys.js';
import type { AnyFunction } from './wrappers/locked.js';
import {
  createPoolWrapper,
  type PoolBoundFunction,
  type PoolFullOptions,
  resolvePoolFullOptions,
} from './wrappers/pool-wrapper.js';

/** Takes slots: `acquireSlot` / `acquireSlotSync`, a `SlotHandle`, `CachifyPoolFullError`. */
const SLOT_ACQUIRER = new Acquirer<
  ResolvedPoolOptions,
  PoolBackend,
  AcquireSlotRequest,
  SlotHandle
>({
  noun: 'pool',
  backendOf: poolBackendOf,
  request: (o, storageKey, scope) => ({
    key: storageKey,
    owner: newOwnerToken(),
    exp: o.slotExp === undefined ? scope.defaults.poolSlotExpiration : o.slotExp,
    maxSize: o.maxSize,
    wait: !o.nowait,
    timeout: o.timeout,
    signal: o.signal,
  }),
  acquire: (backend, request) => backend.acquireSlot(request),
  canAcquireSync: (backend) => backend.acquireSlotSync !== undefined,
  acquireSync: (backend, request) => (backend as Required<PoolBackend>).acquireSlotSync(request),
  handle: (o, backend, request, grant, autoExtend) =>
    new SlotHandle(o.key, backend, request.key, request.owner, request.exp, grant, autoExtend),
  refusal: (o) => new CachifyPoolFullError(o.key, o.maxSize),
});

/**
 * A named pool: room for `maxSize` holders at a time, one object for sync and async code. Create
 * it with `pool({ key, maxSize })`; take a slot with {@link Pool.acquire} (async) or
 * {@link Pool.acquireSync} (sync), which return a {@link SlotHandle} that `using` /
 * `await using` give back at the end of the block.
 *
 * ```ts
 * const workers = pool({ key: 'worker-pool', maxSize: 3 });
 * await using slot = await workers.acquire(); // up to 3 holders at once
 * ```
 *
 * A `Pool` holds nothing by itself; every `Pool` object with the same key (on one instance)
 * shares the same slots.
 */
export class Pool {
  /** The key as written (no prefix). */
  readonly key: string;
  /** How many holders the pool allows at a time. */
  readonly maxSize: number;
  readonly #options: ResolvedPoolOptions;
  readonly #instance: ScopeSource;
  /** The storage key for the last instance seen: one string per pool, not one per call. */
  #storageKeyOf: CachifyScope | undefined;
  #storageKey = '';

  /**
   * @internal Use `pool()` or `cachify.pool()`.
   * @param instance Resolves the instance at acquisition time (the global one may come later).
   */
  constructor(options: ResolvedPoolOptions, instance: ScopeSource) {
    this.key = options.key;
    this.maxSize = options.maxSize;
    this.#options = options;
    this.#instance = instance;
  }

  /** Whether acquisitions wait for a free slot (`nowait: false`). */
  get nowait(): boolean {
    return this.#options.nowait;
  }

  /**
   * Takes a slot. Resolves a {@link SlotHandle} that owns it; rejects with
   * `CachifyPoolFullError` (`<key> is full (maxSize=<maxSize>)`, also logged once through
   * `logger.warn`) when every slot is taken and `nowait` is `true`, or when `timeout` passes
   * first; rejects with `signal.reason` when the signal aborts the wait.
   */
  acquire(): Promise<SlotHandle> {
    try {
      const instance = this.#instance();
      return SLOT_ACQUIRER.acquire(this.#options, instance, this.#storageKeyFor(instance));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Synchronous {@link Pool.acquire}. Needs a backend with synchronous operations (the memory
   * backend). With `nowait: false` it blocks the thread until a slot expires or `timeout` passes;
   * where a thread cannot block (a browser's main thread) it throws instead.
   */
  acquireSync(): SlotHandle {
    const instance = this.#instance();
    return SLOT_ACQUIRER.acquireSync(this.#options, instance, this.#storageKeyFor(instance));
  }

  /**
   * Takes a slot, calls `fn` with its handle, and gives the slot back when `fn` settles (also
   * when it throws). Resolves what `fn` returns.
   *
   * @typeParam T - What `fn` returns (or resolves to).
   * @param fn - The work to do while holding the slot; it receives the {@link SlotHandle}.
   */
  run<T>(fn: (slot: SlotHandle) => T | PromiseLike<T>): Promise<T> {
    return runHolding(this.acquire(), fn);
  }

  /**
   * Synchronous {@link Pool.run}: `acquireSync`, call `fn`, `releaseSync`.
   *
   * @typeParam T - What `fn` returns.
   * @param fn - The work to do while holding the slot; it receives the {@link SlotHandle}.
   */
  runSync<T>(fn: (slot: SlotHandle) => T): T {
    return runHoldingSync(this.acquireSync(), fn);
  }

  /** How many slots are taken now (expired slots are not counted). */
  size(): Promise<number> {
    try {
      const instance = this.#instance();
      return poolBackendOf(instance.backend, 'size()').poolSize(this.#storageKeyFor(instance));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Synchronous {@link Pool.size}; needs a backend with synchronous operations. */
  sizeSync(): number {
    const instance = this.#instance();
    const backend = poolBackendOf(instance.backend, 'sizeSync()');
    if (backend.poolSizeSync === undefined)
      throw noSyncMethod('pool', 'sizeSync()', backend, 'size');
    return backend.poolSizeSync(this.#storageKeyFor(instance));
  }

  /**
   * Wraps `fn` so that each call holds a slot of this pool while it runs; several functions
   * wrapped by one pool share its `maxSize`. When the pool is full, a call returns what
   * `onFull(...args)` returns (default: `undefined`), or throws `CachifyPoolFullError` with
   * `raiseOnFull: true`. A sync `fn` stays sync. The result has `.size()` / `.sizeSync()`.
   *
   * ```ts
   * const partnerApi = pool({ key: 'partner-api', maxSize: 2 });
   * const getQuote = partnerApi.pooled({ onFull: () => 'busy' }, async (item: string) => quote(item));
   * ```
   * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
   * @typeParam OnFull - The type `onFull` returns.
   * @param options - `onFull` and `raiseOnFull`; see {@link PoolFullOptions}.
   * @param fn - The function to wrap.
   */
  pooled<Fn extends AnyFunction, OnFull = undefined>(
    options: PoolFullOptions<Parameters<Fn>, OnFull>,
    fn: Fn,
  ): PoolBoundFunction<Fn, OnFull> {
    const full = resolvePoolFullOptions<Parameters<Fn>, OnFull>('pool.pooled()', options, fn);
    return createPoolWrapper<Fn, OnFull>('pool.pooled()', this.#instance, () => this, full, fn);
  }

  #storageKeyFor(instance: CachifyScope): string {
    if (this.#storageKeyOf !== instance) {
      this.#storageKeyOf = instance;
      this.#storageKey = storageKey(instance.prefix, 'pool', this.key);
    }
    return this.#storageKey;
  }
}

/** The instance's backend, when it has pools. */
function poolBackendOf(backend: LockBackend, what: string): PoolBackend {
  if (isPoolBackend(backend)) return backend;
  throw new CachifyError(
    `pool ${what} needs a backend with pools (acquireSlot, releaseSlot, extendSlot, poolSize); the ${backend.name} backend has none`,
  );
}
