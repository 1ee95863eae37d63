import type { LockBackend } from './backends/backend.js';
import { memoryBackend } from './backends/memory.js';
import { CachifyInitError } from './errors.js';
import { Lock, type LockOptions, resolveLockOptions } from './lock.js';
import { type CachifyLogger, resolveLogger } from './logger.js';
import {
  checkBoolean,
  checkLifetime,
  checkOptionsObject,
  checkTimeout,
  describeValue,
} from './options.js';
import { type CachedFunction, type CachedOptions, createCached } from './wrappers/cached.js';
import { type CachifyMethodDecorator, methodDecorator } from './wrappers/decorator.js';
import {
  type AnyFunction,
  createLocked,
  type LockedFunction,
  type LockedOptions,
} from './wrappers/locked.js';
import { createOnce, type OnceFunction, type OnceOptions } from './wrappers/once.js';

/**
 * Options of {@link initCachify}: where locks and values live, and the defaults of everything an
 * instance makes.
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
   * Prepended to every storage key, so that applications sharing a store stay apart. A stored key
   * is the prefix, the kind (`lock:`, `once:` or `cached:`), then the user's key.
   *
   * @default 'cachify:'
   */
  prefix?: string;
  /**
   * Lifetime in milliseconds of a lock (or a `once` run) whose `exp` is not given. `null`: never
   * expires.
   *
   * @default 30000
   */
  defaultLockExpiration?: number | null;
  /**
   * Lifetime in milliseconds of a cached value whose `ttl` is not given. `null`: kept until reset.
   *
   * @default null
   */
  defaultCacheTtl?: number | null;
  /**
   * How often a waiter retries, in ms, on a backend that cannot notify waiters of a release.
   * Default: `100`. The memory and Redis backends notify, so they do not poll.
   */
  lockPollInterval?: number;
  /**
   * Receives one `warn` line, `<key> is already locked!`, per refused lock acquisition (also per
   * call that `once` skips). `false`: silent.
   *
   * @default console
   */
  logger?: CachifyLogger | false;
  /**
   * `true`: this instance becomes the global one that the top-level `lock`, `locked`, `once` and
   * `cached` use. `false`: a separate instance; use its own methods.
   *
   * @default true
   */
  isGlobal?: boolean;
}

/**
 * A configured `cachify`: a backend, a key prefix and defaults, with `lock`, `locked`, `once` and
 * `cached` bound to them. Create one with {@link initCachify}.
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
  /** Retry interval, in ms, for backends that cannot notify waiters. */
  readonly lockPollInterval: number;
  /** Where failed acquisitions are reported; `null` when silenced. */
  readonly logger: CachifyLogger | null;

  readonly #self = (): Cachify => this;

  /**
   * Most code calls {@link initCachify} instead, which also makes the instance global.
   *
   * @param options - See {@link CachifyOptions}.
   */
  constructor(options: CachifyOptions = {}) {
    const where = 'initCachify()';
    const o = checkOptionsObject(where, options);
    this.backend = o.backend === undefined ? memoryBackend() : checkBackend(where, o.backend);
    if (o.prefix !== undefined && typeof o.prefix !== 'string') {
      throw new TypeError(`${where}: \`prefix\` must be a string, got ${describeValue(o.prefix)}`);
    }
    this.prefix = o.prefix ?? 'cachify:';
    const exp = checkLifetime(where, o.defaultLockExpiration, 'defaultLockExpiration');
    this.defaultLockExpiration = exp === undefined ? 30_000 : exp;
    this.defaultCacheTtl = checkLifetime(where, o.defaultCacheTtl, 'defaultCacheTtl') ?? null;
    const poll = checkTimeout(where, o.lockPollInterval, 'lockPollInterval');
    if (poll === 0) throw new RangeError(`${where}: \`lockPollInterval\` must be > 0, got 0`);
    this.lockPollInterval = poll ?? 100;
    this.logger = resolveLogger(where, o.logger);
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
      return methodDecorator('locked()', (method) => createLocked(this.#self, options, method));
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
      return methodDecorator('once()', (method) => createOnce(this.#self, options, method));
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
      return methodDecorator('cached()', (method) => createCached(this.#self, options, method));
    }
    return createCached(this.#self, options, fn);
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
  return new Lock(resolveLockOptions('lock()', options), getCachify);
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
    return methodDecorator('locked()', (method) => createLocked(getCachify, options, method));
  }
  return createLocked(getCachify, options, fn);
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
    return methodDecorator('once()', (method) => createOnce(getCachify, options, method));
  }
  return createOnce(getCachify, options, fn);
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
    return methodDecorator('cached()', (method) => createCached(getCachify, options, method));
  }
  return createCached(getCachify, options, fn);
}
