import type {
  LockBackend,
  LockGrant,
  LockLossReason,
  PoolBackend,
  SlotExtension,
} from './backends/backend.js';
import { CachifyLockLostError } from './errors.js';
import { noSyncOperations } from './internal/no-sync.js';
import { RESOLVED_FALSE, RESOLVED_TRUE } from './internal/promises.js';
import { setBackgroundTimeout, type Timer } from './internal/timers.js';
import { checkLifetime } from './options.js';

// Runtimes without the symbols use the same registered fallbacks that TypeScript and esbuild use
// when they compile `using`.
const disposeSymbol: typeof Symbol.dispose =
  Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);
const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

const HELD = 0;
const RELEASED = 1;
const LOST = 2;
/** A release failed (timed out, say) and may yet run, so the handle claims nothing. */
const UNSURE = 3;

/**
 * @internal How a handle reaches the backend for what it holds: a lock, or a slot of a pool.
 * One constant object per kind, so a handle carries one reference, not a closure per call.
 */
export interface HoldOperations {
  /** How messages name the call that acquires it: `'lock(...)'` or `'pool(...)'`. */
  readonly source: string;
  canReleaseSync(backend: LockBackend): boolean;
  release(backend: LockBackend, key: string, owner: string): Promise<boolean>;
  releaseSync(backend: LockBackend, key: string, owner: string): boolean;
  extend(
    backend: LockBackend,
    key: string,
    owner: string,
    exp: number | null,
  ): Promise<SlotExtension | null>;
  canExtendSync(backend: LockBackend): boolean;
  extendSync(
    backend: LockBackend,
    key: string,
    owner: string,
    exp: number | null,
  ): SlotExtension | null;
  watch(
    backend: LockBackend,
    key: string,
    owner: string,
    onLost: (reason: LockLossReason) => void,
  ): (() => void) | undefined;
}

/** @internal The operations of a {@link LockHandle}. */
export const LOCK_OPERATIONS: HoldOperations = {
  source: 'lock(...)',
  canReleaseSync: (backend) => backend.releaseLockSync !== undefined,
  release: (backend, key, owner) => backend.releaseLock(key, owner),
  releaseSync: (backend, key, owner) =>
    (backend.releaseLockSync as NonNullable<LockBackend['releaseLockSync']>).call(
      backend,
      key,
      owner,
    ),
  extend: (backend, key, owner, exp) => backend.extendLock(key, owner, exp),
  canExtendSync: (backend) => backend.extendLockSync !== undefined,
  extendSync: (backend, key, owner, exp) =>
    (backend.extendLockSync as NonNullable<LockBackend['extendLockSync']>).call(
      backend,
      key,
      owner,
      exp,
    ),
  watch: (backend, key, owner, onLost) => backend.watchLock?.(key, owner, onLost),
};

/** @internal The operations of a `SlotHandle`; its backend is a {@link PoolBackend}. */
export const SLOT_OPERATIONS: HoldOperations = {
  source: 'pool(...)',
  canReleaseSync: (backend) => (backend as PoolBackend).releaseSlotSync !== undefined,
  release: (backend, key, owner) => (backend as PoolBackend).releaseSlot(key, owner),
  releaseSync: (backend, key, owner) =>
    (backend as Required<PoolBackend>).releaseSlotSync(key, owner),
  extend: (backend, key, owner, exp) => (backend as PoolBackend).extendSlot(key, owner, exp),
  canExtendSync: (backend) => (backend as PoolBackend).extendSlotSync !== undefined,
  extendSync: (backend, key, owner, exp) =>
    (backend as Required<PoolBackend>).extendSlotSync(key, owner, exp),
  watch: (backend, key, owner, onLost) => (backend as PoolBackend).watchSlot?.(key, owner, onLost),
};

/**
 * What a {@link LockHandle} and a `SlotHandle` share: an acquired lock or pool slot, owned by
 * whoever holds this object, with an owner-checked release, a fencing token, an expiry, a signal
 * that aborts when it is lost, and `using` / `await using` support.
 */
export abstract class HeldHandle implements Disposable, AsyncDisposable {
  /** The key as the user wrote it (no prefix). */
  readonly key: string;
  /**
   * Strictly increasing per key across every holder of one backend. Pass it to the resource the
   * lock (or pool) protects, so that it can reject writes from a holder whose lock or slot has
   * since moved on.
   */
  readonly fencingToken: bigint;

  readonly #operations: HoldOperations;
  readonly #backend: LockBackend;
  readonly #storageKey: string;
  readonly #owner: string;
  /** The lifetime in ms, the default of {@link HeldHandle.extend}; `null` = never expires. */
  readonly #exp: number | null;
  #expiresAt: number | null;
  #state = HELD;
  /** Signal, timers and watch: allocated only when used, so a plain acquire+release stays small. */
  #watch: Watch | undefined;

  /** @internal Constructing a handle directly takes nothing: see the subclasses. */
  constructor(
    operations: HoldOperations,
    key: string,
    backend: LockBackend,
    storageKey: string,
    owner: string,
    exp: number | null,
    grant: LockGrant,
    autoExtend: boolean,
  ) {
    this.key = key;
    this.fencingToken = grant.fencingToken;
    this.#operations = operations;
    this.#backend = backend;
    this.#storageKey = storageKey;
    this.#owner = owner;
    this.#exp = exp;
    this.#expiresAt = grant.expiresAt;
    if (autoExtend && exp !== null) {
      this.#watch = newWatch();
      this.#scheduleRenewal();
    }
  }

  /**
   * Epoch milliseconds when the lock or slot expires (updated by `extend`), or `null` for never.
   * With a lifetime of more than about 270,000 years it lies past the last moment a `Date` can
   * show.
   */
  get expiresAt(): number | null {
    return this.#expiresAt;
  }

  /**
   * Whether this handle still holds its lock or slot as far as it knows: not released, not expired, and
   * not reported lost. Only the backend can say for sure (see {@link HeldHandle.extend}). After a
   * release that failed (it may still run in Redis) it is `false` until an `extend()` confirms it
   * is still this handle's; calling `release()` again retries the release.
   */
  get held(): boolean {
    if (this.#state !== HELD) return false;
    return this.#expiresAt === null || this.#expiresAt > this.#now();
  }

  /**
   * Aborts when the lock or slot is lost before its owner released it: it expired, someone
   * force-released it, another owner holds it now, or a renewal failed. The reason is a `CachifyLockLostError`
   * whose `reason` says which. Releasing the handle does not abort it.
   *
   * Pass it to the work the lock or pool protects (`fetch(url, { signal: held.signal })`) so that the work
   * stops when exclusivity ends.
   */
  get signal(): AbortSignal {
    this.#watch ??= newWatch();
    const watch = this.#watch;
    if (watch.controller === undefined) {
      // Created on first read: a handle whose signal nobody reads runs no timer and no watch.
      watch.controller = new AbortController();
      if (this.#state === HELD) {
        this.#armExpiry();
        if (this.#state === HELD) {
          watch.unwatch = this.#operations.watch(
            this.#backend,
            this.#storageKey,
            this.#owner,
            (reason) => this.#lose(reason),
          );
        }
      }
    }
    return watch.controller.signal;
  }

  /**
   * Releases the lock or slot if this handle still owns it. Resolves `true` when it did, `false`
   * when it had expired or moved to another owner, or was already released. Never frees another
   * holder's lock or slot.
   */
  release(): Promise<boolean> {
    if (this.#state === RELEASED) return RESOLVED_FALSE;
    this.#state = RELEASED;
    this.#stop();
    const backend = this.#backend;
    const operations = this.#operations;
    try {
      if (operations.canReleaseSync(backend)) {
        return operations.releaseSync(backend, this.#storageKey, this.#owner)
          ? RESOLVED_TRUE
          : RESOLVED_FALSE;
      }
      return operations.release(backend, this.#storageKey, this.#owner).catch((error: unknown) => {
        // The store failed, so the lock may or may not be ours (a timed-out release can still
        // run): claim nothing, and let the caller try again or confirm with extend().
        if (this.#state === RELEASED) this.#state = UNSURE;
        throw error;
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Synchronous {@link HeldHandle.release}; needs a backend with synchronous operations. */
  releaseSync(): boolean {
    const backend = this.#backend;
    if (!this.#operations.canReleaseSync(backend)) {
      throw noSyncOperations('releaseSync()', backend, 'use `await held.release()`');
    }
    if (this.#state === RELEASED) return false;
    this.#state = RELEASED;
    this.#stop();
    return this.#operations.releaseSync(backend, this.#storageKey, this.#owner);
  }

  /**
   * Resets the lifetime to `ms` from now (default: the lifetime it was taken with;
   * `null` = never expires) if this handle still owns it. Resolves `false`, and aborts
   * {@link HeldHandle.signal} with reason `'extend-failed'`, when it no longer does. `ms` above
   * `Number.MAX_SAFE_INTEGER` rejects with a `RangeError`, and the lock or slot stays as it was.
   *
   * @param ms - The new remaining lifetime in milliseconds, counted from now; `null`: never
   *   expires. Omitted: the `exp` the lock was acquired with.
   * @see [`extend`: keep the lock longer](https://cachify.dev/locks/methods/#extend-keep-the-lock-longer) in the guide
   */
  async extend(ms?: number | null): Promise<boolean> {
    const exp = this.#extensionOf(ms);
    if (this.#state === RELEASED) return false;
    let grant: SlotExtension | null;
    try {
      grant = await this.#operations.extend(this.#backend, this.#storageKey, this.#owner, exp);
    } catch (error) {
      this.#lose('extend-failed', error);
      throw error;
    }
    return this.#extended(grant);
  }

  /**
   * Synchronous {@link HeldHandle.extend}; needs a backend with synchronous operations.
   *
   * @param ms - As for {@link HeldHandle.extend}.
   */
  extendSync(ms?: number | null): boolean {
    const exp = this.#extensionOf(ms);
    const backend = this.#backend;
    if (!this.#operations.canExtendSync(backend)) {
      throw noSyncOperations('extendSync()', backend, 'use `await held.extend()`');
    }
    if (this.#state === RELEASED) return false;
    return this.#extended(this.#operations.extendSync(backend, this.#storageKey, this.#owner, exp));
  }

  /**
   * Releases the lock or slot at the end of a `using` block. Needs a backend with synchronous operations;
   * on any other, write `await using`.
   */
  [disposeSymbol](): void {
    if (!this.#operations.canReleaseSync(this.#backend)) {
      // Free it anyway, then say how to wait for it properly.
      this.release().catch(noop);
      throw noSyncOperations(
        '`using`',
        this.#backend,
        `write \`await using held = await ${this.#operations.source}.acquire()\``,
      );
    }
    this.releaseSync();
  }

  /** Releases the lock or slot at the end of an `await using` block. */
  [asyncDisposeSymbol](): Promise<void> {
    return this.release().then(noop);
  }

  #extensionOf(ms: number | null | undefined): number | null {
    const exp = checkLifetime('extend()', ms, 'ms');
    return exp === undefined ? this.#exp : exp;
  }

  #extended(grant: SlotExtension | null): boolean {
    if (grant === null) {
      this.#lose('extend-failed');
      return false;
    }
    this.#expiresAt = grant.expiresAt;
    if (this.#state === UNSURE) {
      // It proved to be still ours after a failed release: held again, and watched again.
      this.#state = HELD;
      const watch = this.#watch;
      if (watch?.controller !== undefined) {
        watch.unwatch = this.#operations.watch(
          this.#backend,
          this.#storageKey,
          this.#owner,
          (reason) => this.#lose(reason),
        );
      }
    }
    if (this.#watch?.controller !== undefined && this.#state === HELD) this.#armExpiry();
    return true;
  }

  /** Times the `'expired'` abort; re-armed on each extension. */
  #armExpiry(): void {
    this.#watch ??= newWatch();
    const watch = this.#watch;
    if (watch.expiryTimer !== undefined) clearTimeout(watch.expiryTimer);
    watch.expiryTimer = undefined;
    const at = this.#expiresAt;
    if (at === null) return;
    const delay = at - this.#now();
    if (delay <= 0) {
      this.#lose('expired');
      return;
    }
    watch.expiryTimer = setBackgroundTimeout(() => {
      watch.expiryTimer = undefined;
      // Long lifetimes fire early (timer limits): check, then wait again.
      this.#armExpiry();
    }, delay);
  }

  #scheduleRenewal(): void {
    const exp = this.#exp;
    if (exp === null) return;
    this.#watch ??= newWatch();
    const watch = this.#watch;
    watch.renewTimer = setBackgroundTimeout(() => {
      watch.renewTimer = undefined;
      if (this.#state !== HELD) return;
      this.#operations.extend(this.#backend, this.#storageKey, this.#owner, exp).then(
        (grant) => {
          if (this.#state !== HELD) return;
          if (this.#extended(grant)) this.#scheduleRenewal();
        },
        (error: unknown) => this.#lose('extend-failed', error),
      );
    }, exp / 3);
  }

  #now(): number {
    return this.#backend.now !== undefined ? this.#backend.now() : Date.now();
  }

  /** The lock or slot is gone: stop timers and abort the signal (creating it if nobody read it yet). */
  #lose(reason: LockLossReason, cause?: unknown): void {
    if (this.#state !== HELD && this.#state !== UNSURE) return;
    this.#state = LOST;
    this.#stop();
    this.#watch ??= newWatch();
    this.#watch.controller ??= new AbortController();
    this.#watch.controller.abort(
      new CachifyLockLostError(this.key, reason, cause === undefined ? undefined : { cause }),
    );
  }

  #stop(): void {
    const watch = this.#watch;
    if (watch === undefined) return;
    if (watch.expiryTimer !== undefined) clearTimeout(watch.expiryTimer);
    if (watch.renewTimer !== undefined) clearTimeout(watch.renewTimer);
    watch.expiryTimer = undefined;
    watch.renewTimer = undefined;
    if (watch.unwatch !== undefined) {
      watch.unwatch();
      watch.unwatch = undefined;
    }
  }
}

/**
 * An acquired lock, owned by whoever holds this object. What `lock(...).acquire()` and
 * `lock(...).acquireSync()` return.
 *
 * Release it with {@link HeldHandle.release} / {@link HeldHandle.releaseSync}, or let `using` /
 * `await using` do it at the end of the block:
 *
 * ```ts
 * await using held = await lock({ key: 'report' }).acquire();
 * ```
 *
 * Its release is owner-checked: once the lock expired and someone else took it, releasing this
 * handle returns `false` and leaves the new owner's lock alone.
 *
 * @see [The handle's `release`](https://cachify.dev/locks/methods/#the-handles-release-only-your-own-lock) and
 *   [fencing tokens](https://cachify.dev/redis/locks-on-redis/#fencing-tokens-protect-the-resource-not-just-the-code) in the guide
 */
export class LockHandle extends HeldHandle {
  /**
   * @internal Handles come from `Lock.acquire()` / `Lock.acquireSync()`; constructing one directly
   * does not take a lock.
   */
  constructor(
    key: string,
    backend: LockBackend,
    storageKey: string,
    owner: string,
    exp: number | null,
    grant: LockGrant,
    autoExtend: boolean,
  ) {
    super(LOCK_OPERATIONS, key, backend, storageKey, owner, exp, grant, autoExtend);
  }
}

/** The parts of a handle that only some handles need. */
interface Watch {
  controller: AbortController | undefined;
  expiryTimer: Timer | undefined;
  renewTimer: Timer | undefined;
  unwatch: (() => void) | undefined;
}

function newWatch(): Watch {
  return {
    controller: undefined,
    expiryTimer: undefined,
    renewTimer: undefined,
    unwatch: undefined,
  };
}

function noop(): void {}
