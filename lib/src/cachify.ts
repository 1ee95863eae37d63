import type { LockBackend } from './backends/backend.js';
import { memoryBackend } from './backends/memory.js';
import { CachifyInitError } from './errors.js';
import { LOCK_OPTION_NAMES, Lock, type LockOptions, resolveLockOptions } from './lock.js';
import { type CachifyLogger, resolveLogger } from './logger.js';
import { checkBoolean, checkLifetime, checkOptionsObject } from './options.js';
import { Pool } from './pool.js';
import { type PoolOptions, resolvePoolOptions } from './pool-options.js';
import type { CachifyScope, ScopeSource } from './scope.js';
import { checkPrefix } from './storage-keys.js';
import {
  CACHED_OPTION_NAMES,
  type CachedFunction,
  type CachedOptions,
  createCached,
} from './wrappers/cached.js';
import { type CachifyMethodDecorator, methodDecorator } from './wrappers/decorator.js';
import {
  type AnyFunction,
  createLocked,
  type LockedFunction,
  type LockedOptions,
} from './wrappers/locked.js';
import {
  createOnce,
  ONCE_OPTION_NAMES,
  type OnceFunction,
  type OnceOptions,
} from './wrappers/once.js';
import {
  createPooled,
  POOLED_OPTION_NAMES,
  type PooledFunction,
  type PooledOptions,
} from './wrappers/pooled.js';

/**
 * Options of {@link initCachify}: where locks and values live, and the defaults of everything an
 * instance makes. An unknown name is a `TypeError` naming the nearest valid one
 * (`lockPollInterval`, removed because nothing polls, is a `TypeError` saying so).
 *
 * @example
 * ```ts
 * initCachify({
 *   backend: redisBackend(client), // from 'cachify/redis'
 *   prefix: 'billing:',
 *   defaultLockExpiration: 60_000,
 *   defaultCacheTtl: 5 * 60_000,
 *   logger: false,
 * });
 * ```
 * @see [Initializing](https://cachify.dev/getting-started/initializing/) in the guide
 */
export interface CachifyOptions {
  /**
   * Where locks and cached values live: `memoryBackend()` for one process, `redisBackend(client)`
   * from `cachify/redis` to share them between processes.
   *
   * @default memoryBackend()
   */
  backend?: LockBackend;
  /**
   * Starts every storage key, so that applications sharing a store stay apart: `'billing:'` gives
   * `billing:lock:order-42`. It ends with `:`, contains none of `:lock:`, `:once:`, `:cached:`,
   * `:pool:`, and does not start with `}` (a `RangeError` otherwise). With that rule, instances
   * with different prefixes never share a key (`'app:'` and `'app:lock:'` would).
   *
   * @default 'cachify:'
   */
  prefix?: string;
  /**
   * Lifetime of a lock (or a `once` run) whose `exp` is not given, in ms, at most
   * `Number.MAX_SAFE_INTEGER`. `null`: never expires.
   *
   * @default 30000
   */
  defaultLockExpiration?: number | null;
  /**
   * Lifetime of a cached value whose `ttl` is not given, in ms, at most `Number.MAX_SAFE_INTEGER`.
   * `null`: kept until reset.
   *
   * @default null
   */
  defaultCacheTtl?: number | null;
  /**
   * Lifetime of a pool slot whose `slotExp` is not given, in ms. Default: `600000` (py-cachify's
   * 600 s). `null`: slots never expire.
   */
  defaultPoolSlotExpiration?: number | null;
  /**
   * Receives one `warn` line, `<key> is already locked!`, per refused lock or pool acquisition
   * (and per skipped `once` call). `false`: silent.
   *
   * @default console
   */
  logger?: CachifyLogger | false;
  /**
   * `true`: this instance becomes the global one that the top-level `lock`, `locked`, `once`,
   * `cached`, `pool` and `pooled` use. `false`: a separate instance; use its own methods.
   *
   * @default true
   */
  isGlobal?: boolean;
}

/** The scope of the global instance, resolved at each use (set by the class, which owns it). */
let globalScope: ScopeSource;

/**
 * A configured `cachify`: a backend, a key prefix and defaults, with `lock`, `locked`, `once`,
 * `cached`, `pool` and `pooled` bound to them. Create one with {@link initCachify}.
 *
 * @see [Instances with their own prefix](https://cachify.dev/getting-started/initializing/#instances-with-their-own-prefix) in the guide
 */
export class Cachify {
  /** Where this instance's locks and values live. */
  readonly backend: LockBackend;
  /** Prepended to every storage key. */
  readonly prefix: string;
  /** Lifetime of locks without `exp`, in ms; `null` = never expires. */
  readonly defaultLockExpiration: number | null;
  /** Lifetime of cached values without `ttl`, in ms; `null` = forever. */
  readonly defaultCacheTtl: number | null;
  /** Lifetime of pool slots without `slotExp`, in ms; `null` = never expire. */
  readonly defaultPoolSlotExpiration: number | null;
  /** Where failed acquisitions are reported; `null` when silenced. */
  readonly logger: CachifyLogger | null;

  /** What this instance's locks, pools and wrappers use. */
  readonly #scope: CachifyScope;
  readonly #self: ScopeSource = () => this.#scope;

  /**
   * Most code calls {@link initCachify} instead, which also makes the instance global.
   *
   * @param options - See {@link CachifyOptions}.
   */
  constructor(options: CachifyOptions = {}) {
    const where = 'initCachify()';
    if (options !== null && typeof options === 'object' && 'lockPollInterval' in options) {
      throw new TypeError(
        `${where}: \`lockPollInterval\` was removed: cachify never polls, a release wakes the next waiter (in memory and on Redis); remove the option`,
      );
    }
    const o = checkOptionsObject(where, options, CACHIFY_OPTION_NAMES);
    this.backend = o.backend === undefined ? memoryBackend() : checkBackend(where, o.backend);
    this.prefix = o.prefix === undefined ? 'cachify:' : checkPrefix(where, o.prefix);
    const exp = checkLifetime(where, o.defaultLockExpiration, 'defaultLockExpiration');
    this.defaultLockExpiration = exp === undefined ? 30_000 : exp;
    this.defaultCacheTtl = checkLifetime(where, o.defaultCacheTtl, 'defaultCacheTtl') ?? null;
    const slotExp = checkLifetime(where, o.defaultPoolSlotExpiration, 'defaultPoolSlotExpiration');
    this.defaultPoolSlotExpiration = slotExp === undefined ? 600_000 : slotExp;
    this.logger = resolveLogger(where, o.logger);
    this.#scope = Object.freeze({
      backend: this.backend,
      prefix: this.prefix,
      defaults: Object.freeze({
        lockExpiration: this.defaultLockExpiration,
        cacheTtl: this.defaultCacheTtl,
        poolSlotExpiration: this.defaultPoolSlotExpiration,
      }),
      logger: this.logger,
    });
  }

  static {
    globalScope = () => getCachify().#scope;
  }

  /**
   * A lock on this instance. See the top-level {@link lock}.
   *
   * @param options - The key and how to wait; see {@link LockOptions}.
   */
  lock(options: LockOptions): Lock {
    return new Lock(resolveLockOptions('lock()', options), this.#self);
  }

  /**
   * {@link locked} on this instance.
   *
   * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
   * @param options - The key template and lock options; see {@link LockedOptions}.
   * @param fn - The function to wrap.
   */
  locked<Fn extends AnyFunction>(
    options: LockedOptions<Parameters<Fn>>,
    fn: Fn,
  ): LockedFunction<Fn>;
  /**
   * {@link locked} as a class method decorator on this instance.
   *
   * @param options - The key template and lock options; see {@link LockedOptions}.
   */
  locked(options: LockedOptions<never[]>): CachifyMethodDecorator;
  locked(options: LockedOptions<never[]>, fn?: AnyFunction): unknown {
    if (fn === undefined) {
      return methodDecorator('locked()', options, LOCK_OPTION_NAMES, (method) =>
        createLocked(this.#self, options, method),
      );
    }
    return createLocked(this.#self, options, fn);
  }

  /**
   * {@link once} on this instance.
   *
   * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
   * @typeParam OnLocked - The type of `returnOnLocked`.
   * @param options - The key template and what a skipped call does; see {@link OnceOptions}.
   * @param fn - The function to wrap.
   */
  once<Fn extends AnyFunction, OnLocked = undefined>(
    options: OnceOptions<Parameters<Fn>, OnLocked>,
    fn: Fn,
  ): OnceFunction<Fn, OnLocked>;
  /**
   * {@link once} as a class method decorator on this instance.
   *
   * @param options - The key template and what a skipped call does; see {@link OnceOptions}.
   */
  once(options: OnceOptions<never[], unknown>): CachifyMethodDecorator;
  once(options: OnceOptions<never[], unknown>, fn?: AnyFunction): unknown {
    if (fn === undefined) {
      return methodDecorator('once()', options, ONCE_OPTION_NAMES, (method) =>
        createOnce(this.#self, options, method),
      );
    }
    return createOnce(this.#self, options, fn);
  }

  /**
   * {@link cached} on this instance.
   *
   * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
   * @param options - The key template, `ttl`, `encode` and `decode`; see {@link CachedOptions}.
   * @param fn - The function whose results are cached.
   */
  cached<Fn extends AnyFunction>(
    options: CachedOptions<Parameters<Fn>, Awaited<ReturnType<Fn>>>,
    fn: Fn,
  ): CachedFunction<Fn>;
  /**
   * {@link cached} as a class method decorator on this instance.
   *
   * @param options - The key template, `ttl`, `encode` and `decode`; see {@link CachedOptions}.
   */
  cached(options: CachedOptions<never[]>): CachifyMethodDecorator;
  cached(options: CachedOptions<never[]>, fn?: AnyFunction): unknown {
    if (fn === undefined) {
      return methodDecorator('cached()', options, CACHED_OPTION_NAMES, (method) =>
        createCached(this.#self, options, method),
      );
    }
    return createCached(this.#self, options, fn);
  }

  /**
   * A pool on this instance. See the top-level {@link pool}.
   *
   * @param options - The key, `maxSize` and how to wait; see {@link PoolOptions}.
   */
  pool(options: PoolOptions): Pool {
    return new Pool(resolvePoolOptions('pool()', options), this.#self);
  }

  /**
   * {@link pooled} on this instance.
   *
   * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
   * @typeParam OnFull - The type `onFull` returns.
   * @param options - The key template, `maxSize` and what a full pool does; see
   *   {@link PooledOptions}.
   * @param fn - The function to wrap.
   */
  pooled<Fn extends AnyFunction, OnFull = undefined>(
    options: PooledOptions<Parameters<Fn>, OnFull>,
    fn: Fn,
  ): PooledFunction<Fn, OnFull>;
  /**
   * {@link pooled} as a class method decorator on this instance.
   *
   * @param options - The key template, `maxSize` and what a full pool does; see
   *   {@link PooledOptions}.
   */
  pooled(options: PooledOptions<never[], unknown>): CachifyMethodDecorator;
  pooled(options: PooledOptions<never[], unknown>, fn?: AnyFunction): unknown {
    if (fn === undefined) {
      return methodDecorator('pooled()', options, POOLED_OPTION_NAMES, (method) =>
        createPooled(this.#self, options, method),
      );
    }
    return createPooled(this.#self, options, fn);
  }

  /** Closes the backend (its timers and connections, not clients it was given). */
  close(): Promise<void> {
    return this.backend.close?.() ?? Promise.resolve();
  }
}

function checkBackend(where: string, value: unknown): LockBackend {
  const backend = value as LockBackend | null;
  const required = ['acquireLock', 'releaseLock', 'extendLock', 'forceReleaseLock', 'isLocked'];
  const missing =
    backend === null || typeof backend !== 'object'
      ? required
      : required.filter(
          (name) => typeof (backend as unknown as Record<string, unknown>)[name] !== 'function',
        );
  if (missing.length > 0) {
    throw new TypeError(
      `${where}: \`backend\` must be a cachify backend (e.g. memoryBackend() or redisBackend(client)); missing ${missing.join(', ')}`,
    );
  }
  return backend as LockBackend;
}

const CACHIFY_OPTION_NAMES = [
  'backend',
  'prefix',
  'defaultLockExpiration',
  'defaultCacheTtl',
  'defaultPoolSlotExpiration',
  'logger',
  'isGlobal',
];

let globalInstance: Cachify | undefined;

/**
 * Sets `cachify` up and returns the instance. With no arguments: the in-memory backend, made the
 * global instance that the top-level `lock`, `locked`, `once` and `cached` use. Calling it again
 * replaces the global instance.
 *
 * @param options - Backend, key prefix, defaults, logger; see {@link CachifyOptions}.
 * @example
 * ```ts
 * initCachify();                                           // in memory
 * initCachify({ backend: redisBackend(new Redis(url)) });  // from 'cachify/redis'
 * const reports = initCachify({ prefix: 'reports:', isGlobal: false });
 * ```
 * @see [Initializing](https://cachify.dev/getting-started/initializing/) in the guide
 */
export function initCachify(options: CachifyOptions = {}): Cachify {
  const instance = new Cachify(options);
  if (checkBoolean('initCachify()', options.isGlobal, 'isGlobal', true)) globalInstance = instance;
  return instance;
}

/**
 * The global instance. Throws `CachifyInitError` before `initCachify()`.
 *
 * @see [Initializing](https://cachify.dev/getting-started/initializing/) in the guide
 */
export function getCachify(): Cachify {
  if (globalInstance === undefined) throw new CachifyInitError();
  return globalInstance;
}

/**
 * A lock named `key` on the global instance, looked up when the lock is used (so it may be created
 * before `initCachify()`).
 *
 * @param options - The key, and what to do when the lock is taken; see {@link LockOptions}.
 * @see [Getting started with locks](https://cachify.dev/locks/getting-started/) and
 *   [Lock parameters](https://cachify.dev/locks/parameters/) in the guide
 * @example
 * ```ts
 * using held = lock({ key: 'cool-sync-lock' }).acquireSync();
 * await using held = await lock({ key: 'cool-async-lock' }).acquire();
 * ```
 */
export function lock(options: LockOptions): Lock {
  return new Lock(resolveLockOptions('lock()', options), globalScope);
}

/**
 * Wraps `fn` so that each call holds the lock of its key (computed from the arguments) while it
 * runs. A sync `fn` stays sync. The result has `.isLocked(...args)` and `.release(...args)`.
 *
 * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
 * @param options - The key template (or key function) and the options of `lock()`; see
 *   {@link LockedOptions}.
 * @param fn - The function to wrap; the wrapper has its parameters, `this` and return type.
 * @example
 * ```ts
 * const charge = locked({ key: 'charge-{0}' }, async (orderId: number) => { ... });
 * await charge(42); // holds the lock `charge-42` while it runs
 * ```
 * @see [Wrapping functions with locked](https://cachify.dev/wrappers/locked/) in the guide
 */
export function locked<Fn extends AnyFunction>(
  options: LockedOptions<Parameters<Fn>>,
  fn: Fn,
): LockedFunction<Fn>;
/**
 * {@link locked} as a class method decorator: `@locked({ key: 'job-{0}' })`.
 *
 * @param options - The key template and lock options; see {@link LockedOptions}.
 * @see [As a method decorator](https://cachify.dev/wrappers/locked/#as-a-method-decorator) in the guide
 */
export function locked(options: LockedOptions<never[]>): CachifyMethodDecorator;
export function locked(options: LockedOptions<never[]>, fn?: AnyFunction): unknown {
  if (fn === undefined) {
    return methodDecorator('locked()', options, LOCK_OPTION_NAMES, (method) =>
      createLocked(globalScope, options, method),
    );
  }
  return createLocked(globalScope, options, fn);
}

/**
 * Wraps `fn` so that while a call with a key runs, other calls with that key are skipped: they
 * return `returnOnLocked`, or throw `CachifyLockError` with `raiseOnLocked: true`. Each skip
 * logs `<key> is already locked!` through the instance's `logger.warn`.
 *
 * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
 * @typeParam OnLocked - The type of `returnOnLocked`.
 * @param options - The key template and what a skipped call does; see {@link OnceOptions}.
 * @param fn - The function to wrap.
 * @example
 * ```ts
 * const sync = once({ key: 'sync-{0}', returnOnLocked: 'already running' }, async (id: number) => { ... });
 * ```
 * @see [Once](https://cachify.dev/wrappers/once/) in the guide
 */
export function once<Fn extends AnyFunction, OnLocked = undefined>(
  options: OnceOptions<Parameters<Fn>, OnLocked>,
  fn: Fn,
): OnceFunction<Fn, OnLocked>;
/**
 * {@link once} as a class method decorator: `@once({ key: 'report-{0}' })`.
 *
 * @param options - The key template and what a skipped call does; see {@link OnceOptions}.
 * @see [Once](https://cachify.dev/wrappers/once/) in the guide
 */
export function once(options: OnceOptions<never[], unknown>): CachifyMethodDecorator;
export function once(options: OnceOptions<never[], unknown>, fn?: AnyFunction): unknown {
  if (fn === undefined) {
    return methodDecorator('once()', options, ONCE_OPTION_NAMES, (method) =>
      createOnce(globalScope, options, method),
    );
  }
  return createOnce(globalScope, options, fn);
}

/**
 * Wraps `fn` so that its results are cached per key for `ttl` ms. Concurrent misses of one key
 * compute once; `undefined` is never cached. The result has `.reset(...args)`.
 *
 * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
 * @param options - The key template, `ttl`, `encode` and `decode`; see {@link CachedOptions}.
 * @param fn - The function whose results are cached.
 * @example
 * ```ts
 * const rate = cached({ key: 'rate-{0}-{1}', ttl: 60_000 }, async (from: string, to: string) => { ... });
 * await rate.reset('EUR', 'USD'); // forget one entry
 * ```
 * @see [Cached](https://cachify.dev/wrappers/cached/) in the guide
 */
export function cached<Fn extends AnyFunction>(
  options: CachedOptions<Parameters<Fn>, Awaited<ReturnType<Fn>>>,
  fn: Fn,
): CachedFunction<Fn>;
/**
 * {@link cached} as a class method decorator: `@cached({ key: 'user-{0}', ttl: 60_000 })`.
 *
 * @param options - The key template, `ttl`, `encode` and `decode`; see {@link CachedOptions}.
 * @see [Cached](https://cachify.dev/wrappers/cached/) in the guide
 */
export function cached(options: CachedOptions<never[]>): CachifyMethodDecorator;
export function cached(options: CachedOptions<never[]>, fn?: AnyFunction): unknown {
  if (fn === undefined) {
    return methodDecorator('cached()', options, CACHED_OPTION_NAMES, (method) =>
      createCached(globalScope, options, method),
    );
  }
  return createCached(globalScope, options, fn);
}

/**
 * A pool named `key` with room for `maxSize` holders at a time, on the global instance (looked up
 * when the pool is used, so it may be created before `initCachify()`). Bad options (`maxSize` 0,
 * 1.5, `NaN`, missing) throw a `TypeError` / `RangeError` here.
 *
 * ```ts
 * const workers = pool({ key: 'worker-pool', maxSize: 3 });
 * await using slot = await workers.acquire(); // up to 3 holders at once
 * console.log(await workers.size());          // occupied slots, expired ones not counted
 * ```
 * @param options - The key, `maxSize` and how to wait; see {@link PoolOptions}.
 * @see [Pools](https://cachify.dev/migrating-from-py-cachify/#pools) on the migration page
 */
export function pool(options: PoolOptions): Pool {
  return new Pool(resolvePoolOptions('pool()', options), globalScope);
}

/**
 * Wraps `fn` so that each call holds a slot of the pool of its key (computed from the arguments)
 * while it runs. When the pool is full, the call returns what `onFull(...args)` returns (default:
 * `undefined`), or throws `CachifyPoolFullError` with `raiseOnFull: true`. A sync `fn` stays
 * sync. The result has `.size(...args)`.
 *
 * ```ts
 * const callApi = pooled(
 *   { key: 'api-{0}', maxSize: 5, onFull: (userId) => `busy, try later (${userId})` },
 *   async (userId: string) => fetchSomething(userId),
 * );
 * await callApi.size('42'); // occupancy of the pool that call would use
 * ```
 * @typeParam Fn - The wrapped function's type; the wrapper keeps it.
 * @typeParam OnFull - The type `onFull` returns.
 * @param options - The key template, `maxSize` and what a full pool does; see
 *   {@link PooledOptions}.
 * @param fn - The function to wrap.
 * @see [Pools](https://cachify.dev/migrating-from-py-cachify/#pools) on the migration page
 */
export function pooled<Fn extends AnyFunction, OnFull = undefined>(
  options: PooledOptions<Parameters<Fn>, OnFull>,
  fn: Fn,
): PooledFunction<Fn, OnFull>;
/**
 * {@link pooled} as a class method decorator: `@pooled({ key: 'export-{0}', maxSize: 2 })`.
 *
 * @param options - The key template, `maxSize` and what a full pool does; see
 *   {@link PooledOptions}.
 */
export function pooled(options: PooledOptions<never[], unknown>): CachifyMethodDecorator;
export function pooled(options: PooledOptions<never[], unknown>, fn?: AnyFunction): unknown {
  if (fn === undefined) {
    return methodDecorator('pooled()', options, POOLED_OPTION_NAMES, (method) =>
      createPooled(globalScope, options, method),
    );
  }
  return createPooled(globalScope, options, fn);
}
