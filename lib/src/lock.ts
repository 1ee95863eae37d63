import type { AcquireLockRequest, LockBackend } from './backends/backend.js';
import { CachifyLockError } from './errors.js';
import { LockHandle } from './handle.js';
import { type AcquireOptions, Acquirer } from './internal/acquire.js';
import { noSyncMethod } from './internal/no-sync.js';
import { newOwnerToken } from './internal/owner-token.js';
import { runHolding, runHoldingSync } from './internal/run-holding.js';
import {
  checkBoolean,
  checkKey,
  checkLifetime,
  checkOptionalBoolean,
  checkOptionsObject,
  checkSignal,
  checkTimeout,
} from './options.js';
import type { CachifyScope, ScopeSource } from './scope.js';
import { type StorageKind, storageKey } from './storage-keys.js';

/**
 * Options of `lock()`: the key, and what to do when the lock is taken. An unknown name is a
 * `TypeError` naming the nearest valid one.
 *
 * @example
 * ```ts
 * const report = lock({
 *   key: 'nightly-report',
 *   nowait: false, // wait in line for the holder
 *   timeout: 4_000, // but at most 4 s
 *   exp: 60_000, // the lock lives 60 s once taken
 *   signal: AbortSignal.timeout(10_000),
 * });
 * ```
 * @see [Lock parameters](https://cachify.dev/locks/parameters/) in the guide
 */
export interface LockOptions {
  /**
   * The lock's name: a non-empty string, used literally. Locks with the same key exclude each
   * other.
   */
  key: string;
  /**
   * `true`: one attempt; a held lock throws `CachifyLockError` at once.
   * `false`: wait for the lock, first come first served, up to `timeout`.
   *
   * @default true
   */
  nowait?: boolean;
  /**
   * With `nowait: false`: the longest wait in milliseconds before giving up with
   * `CachifyLockError`. `undefined` / `null`: wait as long as it takes. Any finite
   * number is honoured to its end, even past `setTimeout`'s 24.8 days (timers are re-armed), so a
   * huge timeout such as `1e12` (about 31 years) waits, in practice, as if forever.
   *
   * @default null
   */
  timeout?: number | null;
  /**
   * Milliseconds the lock lives once acquired; after that it is free for others even if never
   * released. At most `Number.MAX_SAFE_INTEGER` (a larger number is a `RangeError` here, not a
   * Redis error later). `undefined`: the instance's `defaultLockExpiration` (30000).
   * `null`: never expires.
   *
   * @default defaultLockExpiration
   */
  exp?: number | null;
  /**
   * Cancels waiting: the acquisition rejects with `signal.reason`. An aborted signal takes nothing.
   */
  signal?: AbortSignal;
  /**
   * Renew the lock at a third of `exp` for as long as it is held, so that long work keeps it.
   * A failed renewal aborts `handle.signal`.
   *
   * @default backend.autoExtend ?? false
   */
  autoExtend?: boolean;
}

/** Options a lock was created with, checked. */
export interface ResolvedLockOptions extends AcquireOptions {
  readonly exp: number | null | undefined;
}

/** The names of {@link LockOptions}, also those of `locked()`. */
export const LOCK_OPTION_NAMES: readonly string[] = [
  'key',
  'nowait',
  'timeout',
  'exp',
  'signal',
  'autoExtend',
];

/** Checks `lock()` options; `where` names the function for error messages. */
export function resolveLockOptions(where: string, options: unknown): ResolvedLockOptions {
  const o = checkOptionsObject(where, options, LOCK_OPTION_NAMES);
  return {
    key: checkKey(where, o.key),
    nowait: checkBoolean(where, o.nowait, 'nowait', true),
    timeout: checkTimeout(where, o.timeout),
    exp: checkLifetime(where, o.exp, 'exp'),
    signal: checkSignal(where, o.signal),
    autoExtend: checkOptionalBoolean(where, o.autoExtend, 'autoExtend'),
  };
}

/** Takes locks: `acquireLock` / `acquireLockSync`, a `LockHandle`, `CachifyLockError`. */
const LOCK_ACQUIRER = new Acquirer<
  ResolvedLockOptions,
  LockBackend,
  AcquireLockRequest,
  LockHandle
>({
  noun: 'lock',
  backendOf: (backend) => backend,
  request: (o, storageKey, scope) => ({
    key: storageKey,
    owner: newOwnerToken(),
    exp: o.exp === undefined ? scope.defaults.lockExpiration : o.exp,
    wait: !o.nowait,
    timeout: o.timeout,
    signal: o.signal,
  }),
  acquire: (backend, request) => backend.acquireLock(request),
  canAcquireSync: (backend) => backend.acquireLockSync !== undefined,
  acquireSync: (backend, request) => (backend as Required<LockBackend>).acquireLockSync(request),
  handle: (o, backend, request, grant, autoExtend) =>
    new LockHandle(o.key, backend, request.key, request.owner, request.exp, grant, autoExtend),
  // The seed's error and message.
  refusal: (o) => new CachifyLockError(o.key),
});

/**
 * A named lock: one object for sync and async code. Create it with `lock({ key })`; take it with
 * {@link Lock.acquire} (async) or {@link Lock.acquireSync} (sync), which return a
 * {@link LockHandle} that `using` / `await using` release at the end of the block.
 *
 * A `Lock` holds nothing by itself and may be acquired many times, one holder at a time.
 *
 * @example
 * ```ts
 * const report = lock({ key: 'nightly-report' });
 * await using held = await report.acquire();
 * console.log(await report.isLocked()); // true
 * ```
 * @see [Getting started with locks](https://cachify.dev/locks/getting-started/) and
 *   [Lock methods](https://cachify.dev/locks/methods/) in the guide
 */
export class Lock {
  /** The key as written (no prefix). */
  readonly key: string;
  readonly #options: ResolvedLockOptions;
  readonly #scope: ScopeSource;
  readonly #kind: StorageKind;
  /** The storage key for the last scope seen: one string per lock, not one per call. */
  #storageKeyOf: CachifyScope | undefined;
  #storageKey = '';

  /**
   * @internal Use `lock()` or `cachify.lock()`.
   * @param scope Resolves the instance's scope at acquisition time (the global one may come later).
   * @param kind `'lock'`, or `'once'` for the locks of `once()`.
   */
  constructor(options: ResolvedLockOptions, scope: ScopeSource, kind: StorageKind = 'lock') {
    this.key = options.key;
    this.#options = options;
    this.#scope = scope;
    this.#kind = kind;
  }

  /**
   * The `nowait` option: `true` when an acquisition makes one attempt and fails at once if the
   * lock is held, `false` when it waits for the lock.
   */
  get nowait(): boolean {
    return this.#options.nowait;
  }

  /**
   * Takes the lock. Resolves a {@link LockHandle} that owns it; rejects with `CachifyLockError`
   * (`<key> is already locked!`, also logged once through `logger.warn`) when the lock is held and
   * `nowait` is `true`, or when `timeout` passes first; rejects with `signal.reason` when the
   * signal aborts the wait.
   */
  acquire(): Promise<LockHandle> {
    try {
      const scope = this.#scope();
      return LOCK_ACQUIRER.acquire(this.#options, scope, this.#storageKeyFor(scope));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Synchronous {@link Lock.acquire}. Needs a backend with synchronous operations (the memory
   * backend). With `nowait: false` it blocks the thread until the holder's lock expires or
   * `timeout` passes; where a thread cannot block (a browser's main thread) it throws instead.
   */
  acquireSync(): LockHandle {
    const scope = this.#scope();
    return LOCK_ACQUIRER.acquireSync(this.#options, scope, this.#storageKeyFor(scope));
  }

  /**
   * Acquires the lock, calls `fn` with the handle, and releases the lock when `fn` settles (also
   * when it throws). Resolves what `fn` returns.
   *
   * @typeParam T - What `fn` returns (or resolves to).
   * @param fn - The work to do while holding the lock; it receives the {@link LockHandle}, for its
   *   `signal` or `fencingToken`. A rejection or throw passes on to the caller unchanged.
   * @see [`run`: without `using`](https://cachify.dev/locks/methods/#run-without-using) in the guide
   */
  run<T>(fn: (held: LockHandle) => T | PromiseLike<T>): Promise<T> {
    return runHolding(this.acquire(), fn);
  }

  /**
   * Synchronous {@link Lock.run}: `acquireSync`, call `fn`, `releaseSync` (also when `fn` throws).
   *
   * @typeParam T - What `fn` returns.
   * @param fn - The work to do while holding the lock; it receives the {@link LockHandle}.
   */
  runSync<T>(fn: (held: LockHandle) => T): T {
    return runHoldingSync(this.acquireSync(), fn);
  }

  /** Whether anyone holds the lock now (an expired lock is not held). */
  isLocked(): Promise<boolean> {
    try {
      const scope = this.#scope();
      return scope.backend.isLocked(this.#storageKeyFor(scope));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Synchronous {@link Lock.isLocked}; needs a backend with synchronous operations. */
  isLockedSync(): boolean {
    const scope = this.#scope();
    const backend = scope.backend;
    if (backend.isLockedSync === undefined)
      throw noSyncMethod('lock', 'isLockedSync()', backend, 'isLocked');
    return backend.isLockedSync(this.#storageKeyFor(scope));
  }

  /**
   * Force release: deletes the lock whoever holds it (py-cachify's `release`). An admin escape
   * hatch for a stuck lock; a holder should release its own handle instead. Resolves `true` when
   * a lock was there. The holder's `handle.signal` aborts with reason `'released'`.
   */
  release(): Promise<boolean> {
    try {
      const scope = this.#scope();
      return scope.backend.forceReleaseLock(this.#storageKeyFor(scope));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Synchronous {@link Lock.release}; needs a backend with synchronous operations. */
  releaseSync(): boolean {
    const scope = this.#scope();
    const backend = scope.backend;
    if (backend.forceReleaseLockSync === undefined) {
      throw noSyncMethod('lock', 'releaseSync()', backend, 'release');
    }
    return backend.forceReleaseLockSync(this.#storageKeyFor(scope));
  }

  #storageKeyFor(scope: CachifyScope): string {
    if (this.#storageKeyOf !== scope) {
      this.#storageKeyOf = scope;
      this.#storageKey = storageKey(scope.prefix, this.#kind, this.key);
    }
    return this.#storageKey;
  }
}
