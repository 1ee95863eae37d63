import type { LockBackend, LockGrant, LockLossReason } from './backends/backend.js';
import { CachifyError, CachifyLockLostError } from './errors.js';
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

/**
 * An acquired lock, owned by whoever holds this object. What `lock(...).acquire()` and
 * `lock(...).acquireSync()` return.
 *
 * Release it with {@link LockHandle.release} / {@link LockHandle.releaseSync}, or let `using` /
 * `await using` do it at the end of the block:
 *
 * ```ts
 * await using held = await lock({ key: 'report' }).acquire();
 * ```
 *
 * Its release is owner-checked: once the lock expired and someone else took it, releasing this
 * handle returns `false` and leaves the new owner's lock alone.
 */
export class LockHandle implements Disposable, AsyncDisposable {
  /** The key as the user wrote it (no prefix). */
  readonly key: string;
  /**
   * Strictly increasing per key across every holder of one backend. Pass it to the resource the
   * lock protects, so that it can reject writes from a holder whose lock has since moved on.
   */
  readonly fencingToken: bigint;

  readonly #backend: LockBackend;
  readonly #storageKey: string;
  readonly #owner: string;
  /** The lock's lifetime in ms, the default of {@link LockHandle.extend}; `null` = never expires. */
  readonly #exp: number | null;
  #expiresAt: number | null;
  #state = HELD;
  /** Signal, timers and watch: allocated only when used, so a plain acquire+release stays small. */
  #watch: Watch | undefined;

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
    this.key = key;
    this.fencingToken = grant.fencingToken;
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
   * Epoch milliseconds when the lock expires (updated by `extend`), or `null` for never. With an
   * `exp` of more than about 270,000 years it lies past the last moment a `Date` can show.
   */
  get expiresAt(): number | null {
    return this.#expiresAt;
  }

  /**
   * Whether this handle still holds the lock as far as it knows: not released, not expired, and
   * not reported lost. Only the backend can say for sure (see {@link LockHandle.extend}).
   */
  get held(): boolean {
    if (this.#state !== HELD) return false;
    return this.#expiresAt === null || this.#expiresAt > this.#now();
  }

  /**
   * Aborts when the lock is lost before its owner released it: it expired, someone force-released
   * it, another owner holds it now, or a renewal failed. The reason is a `CachifyLockLostError`
   * whose `reason` says which. Releasing the handle does not abort it.
   *
   * Pass it to the work the lock protects (`fetch(url, { signal: held.signal })`) so that the work
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
        if (this.#state === HELD && this.#backend.watchLock !== undefined) {
          watch.unwatch = this.#backend.watchLock(this.#storageKey, this.#owner, (reason) =>
            this.#lose(reason),
          );
        }
      }
    }
    return watch.controller.signal;
  }

  /**
   * Releases the lock if this handle still owns it. Resolves `true` when it did, `false` when the
   * lock had expired or moved to another owner, or was already released. Never deletes another
   * holder's lock.
   */
  release(): Promise<boolean> {
    if (this.#state === RELEASED) return RESOLVED_FALSE;
    this.#state = RELEASED;
    this.#stop();
    const backend = this.#backend;
    try {
      if (backend.releaseLockSync !== undefined) {
        return backend.releaseLockSync(this.#storageKey, this.#owner)
          ? RESOLVED_TRUE
          : RESOLVED_FALSE;
      }
      return backend.releaseLock(this.#storageKey, this.#owner).catch((error: unknown) => {
        // The store failed, so the lock may still be ours: let the caller try again.
        if (this.#state === RELEASED) this.#state = HELD;
        throw error;
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Synchronous {@link LockHandle.release}; needs a backend with synchronous operations. */
  releaseSync(): boolean {
    const backend = this.#backend;
    if (backend.releaseLockSync === undefined) {
      throw new CachifyError(
        `releaseSync() needs a backend with synchronous operations; the ${backend.name} backend has none: use \`await held.release()\``,
      );
    }
    if (this.#state === RELEASED) return false;
    this.#state = RELEASED;
    this.#stop();
    return backend.releaseLockSync(this.#storageKey, this.#owner);
  }

  /**
   * Resets the lock's lifetime to `ms` from now (default: the `exp` the lock was taken with;
   * `null` = never expires) if this handle still owns it. Resolves `false`, and aborts
   * {@link LockHandle.signal} with reason `'extend-failed'`, when it no longer does. `ms` above
   * `Number.MAX_SAFE_INTEGER` rejects with a `RangeError`, and the lock stays as it was.
   */
  async extend(ms?: number | null): Promise<boolean> {
    const exp = this.#extensionOf(ms);
    if (this.#state === RELEASED) return false;
    let grant: LockGrant | null;
    try {
      grant = await this.#backend.extendLock(this.#storageKey, this.#owner, exp);
    } catch (error) {
      this.#lose('extend-failed', error);
      throw error;
    }
    return this.#extended(grant);
  }

  /** Synchronous {@link LockHandle.extend}; needs a backend with synchronous operations. */
  extendSync(ms?: number | null): boolean {
    const exp = this.#extensionOf(ms);
    const backend = this.#backend;
    if (backend.extendLockSync === undefined) {
      throw new CachifyError(
        `extendSync() needs a backend with synchronous operations; the ${backend.name} backend has none: use \`await held.extend()\``,
      );
    }
    if (this.#state === RELEASED) return false;
    return this.#extended(backend.extendLockSync(this.#storageKey, this.#owner, exp));
  }

  /**
   * Releases the lock at the end of a `using` block. Needs a backend with synchronous operations;
   * on any other, write `await using`.
   */
  [disposeSymbol](): void {
    if (this.#backend.releaseLockSync === undefined) {
      // Free the lock anyway, then say how to wait for it properly.
      this.release().catch(noop);
      throw new CachifyError(
        `\`using\` needs a backend with synchronous operations; the ${this.#backend.name} backend has none: write \`await using held = await lock(...).acquire()\``,
      );
    }
    this.releaseSync();
  }

  /** Releases the lock at the end of an `await using` block. */
  [asyncDisposeSymbol](): Promise<void> {
    return this.release().then(noop);
  }

  #extensionOf(ms: number | null | undefined): number | null {
    const exp = checkLifetime('extend()', ms, 'ms');
    return exp === undefined ? this.#exp : exp;
  }

  #extended(grant: LockGrant | null): boolean {
    if (grant === null) {
      this.#lose('extend-failed');
      return false;
    }
    this.#expiresAt = grant.expiresAt;
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
      this.#backend.extendLock(this.#storageKey, this.#owner, exp).then(
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

  /** The lock is gone: stop timers and abort the signal (creating it if nobody read it yet). */
  #lose(reason: LockLossReason, cause?: unknown): void {
    if (this.#state !== HELD) return;
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
