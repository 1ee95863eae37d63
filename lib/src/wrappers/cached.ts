import type { LockBackend } from '../backends/backend.js';
import { noSyncOperations } from '../internal/no-sync.js';
import { isThenable } from '../internal/promises.js';
import { compileKey, type KeySource } from '../keys.js';
import { checkLifetime, checkOptionalFunction, checkOptionsObject } from '../options.js';
import type { CachifyScope, ScopeSource } from '../scope.js';
import { storageKey } from '../storage-keys.js';
import type { AnyFunction } from './locked.js';
import {
  checkWrappedFunction,
  inheritHelpers,
  isAsyncFunction,
  nameWrapper,
  syncFunctionError,
} from './shared.js';
import { checkStoredForm } from './stored-form.js';

/**
 * Options of `cached()`.
 *
 * What is stored: a JSON value (`null`, booleans, strings, finite numbers, and arrays and plain
 * objects of them), on both built-in backends. Redis keeps it as JSON text, which any JSON reader
 * can parse; the memory backend keeps the object itself. A result that JSON would not give back
 * as it was (a `Map`, a `Date`, `NaN`, a class instance, `undefined` inside an object, a cycle)
 * makes the call throw a `TypeError` naming its path and type, in memory as on Redis, and nothing
 * is stored: give `encode` and `decode` for such values.
 *
 * @typeParam Args - The wrapped function's parameters, which a key function receives.
 * @typeParam Value - What the wrapped function resolves to.
 * @example
 * ```ts
 * const prices = cached(
 *   {
 *     key: 'prices-{0}',
 *     ttl: 60_000,
 *     encode: (map: Map<string, number>) => [...map],
 *     decode: (stored) => new Map(stored as [string, number][]),
 *   },
 *   async (shop: string) => loadPrices(shop),
 * );
 * ```
 * @see [Cached](https://cachify.dev/wrappers/cached/) in the guide
 */
export interface CachedOptions<Args extends unknown[], Value = unknown> {
  /**
   * A template (`'user-{0}'`) filled from the call's arguments, or a function of the arguments
   * that returns the key. See {@link KeySource}.
   */
  key: KeySource<Args>;
  /**
   * How long a result stays cached, in ms, at most `Number.MAX_SAFE_INTEGER`. `null`: until
   * reset.
   *
   * @default defaultCacheTtl
   */
  ttl?: number | null;
  /**
   * Result -> stored form, a JSON value (`encode: (m) => [...m]` for a `Map`). Without it, the
   * result itself is stored, and must then be a JSON value.
   *
   * @param value - The result the function returned (never `undefined`: that is not cached).
   */
  encode?: (value: Value) => unknown;
  /**
   * Stored form (the JSON value `encode` returned) -> result. Without it, the stored form itself
   * is the result.
   *
   * @param stored - What `encode` returned, or the result itself without `encode`.
   */
  decode?: (stored: unknown) => Value;
}

/** The names of {@link CachedOptions}. */
export const CACHED_OPTION_NAMES = ['key', 'ttl', 'encode', 'decode'];

/**
 * A function wrapped by `cached()`: the same function type, plus {@link CachedHelpers}.
 *
 * @typeParam Fn - The wrapped function's type.
 * @see [Cached](https://cachify.dev/wrappers/cached/) in the guide
 */
export type CachedFunction<Fn extends AnyFunction> = Fn & CachedHelpers<Parameters<Fn>>;

/**
 * What `cached()` adds to the wrapped function; each takes the call's arguments.
 *
 * @typeParam Args - The wrapped function's parameters.
 * @see [`reset`](https://cachify.dev/wrappers/cached/#reset) in the guide
 */
export interface CachedHelpers<Args extends unknown[]> {
  /**
   * Forgets the cached result for these arguments, so the next such call computes again.
   *
   * @param args - The arguments of the call whose entry to drop; they build its key.
   */
  reset(...args: Args): Promise<void>;
  /**
   * Synchronous `reset`; needs a backend with synchronous operations.
   *
   * @param args - The arguments of the call whose entry to drop.
   */
  resetSync(...args: Args): void;
}

/** @internal Builds `cached()` for a scope resolver. */
export function createCached<Fn extends AnyFunction>(
  scopeOf: ScopeSource,
  options: CachedOptions<Parameters<Fn>, Awaited<ReturnType<Fn>>>,
  fn: Fn,
): CachedFunction<Fn> {
  type Args = Parameters<Fn>;
  const where = 'cached()';
  const o = checkOptionsObject(where, options, CACHED_OPTION_NAMES);
  checkWrappedFunction(where, fn);
  const keyOf = compileKey<Args>(where, o.key, fn as (...args: Args) => unknown);
  const ttlOption = checkLifetime(where, o.ttl, 'ttl');
  const encodeOption = checkOptionalFunction<(value: unknown) => unknown>(
    where,
    o.encode,
    'encode',
  );
  const decodeOption = checkOptionalFunction<(stored: unknown) => unknown>(
    where,
    o.decode,
    'decode',
  );
  let isAsync = isAsyncFunction(fn);
  /** Computations in flight, per storage key: concurrent misses share one. */
  const inflight = new Map<string, Promise<unknown>>();

  // The user's codec wins; else the backend's; else values are stored as they are. What the
  // built-in backends store must be a JSON value, so that it comes back as it was.
  const encode = (backend: LockBackend, value: unknown): unknown => {
    if (encodeOption !== undefined) {
      const stored = encodeOption(value);
      checkStoredForm(where, stored, true);
      return stored;
    }
    if (backend.defaultCodec !== undefined) return backend.defaultCodec.encode(value);
    checkStoredForm(where, value, false);
    return value;
  };
  const decode = (backend: LockBackend, stored: unknown): unknown =>
    decodeOption !== undefined
      ? decodeOption(stored)
      : backend.defaultCodec !== undefined
        ? backend.defaultCodec.decode(stored)
        : stored;
  const storageKeyOf = (scope: CachifyScope, args: Args) =>
    storageKey(scope.prefix, 'cached', keyOf(args));
  const ttlOf = (scope: CachifyScope) =>
    ttlOption === undefined ? scope.defaults.cacheTtl : ttlOption;

  /** Stores a computed result (never `undefined`) and resolves it. */
  const store = async (scope: CachifyScope, key: string, value: unknown): Promise<unknown> => {
    if (value !== undefined) {
      await scope.backend.setValue(key, encode(scope.backend, value), ttlOf(scope));
    }
    return value;
  };

  /** Runs `compute` as the one computation in flight for `key`, which concurrent misses share. */
  const share = (key: string, compute: Promise<unknown>): Promise<unknown> => {
    const computation = compute.finally(() => inflight.delete(key));
    inflight.set(key, computation);
    return computation;
  };

  const computeAsync = async (
    scope: CachifyScope,
    key: string,
    call: () => unknown,
  ): Promise<unknown> => {
    const stored = await scope.backend.getValue(key);
    if (stored !== undefined) {
      const value = decode(scope.backend, stored);
      if (value !== undefined) return value;
    }
    return store(scope, key, await call());
  };

  const viaAsync = (scope: CachifyScope, key: string, call: () => unknown): Promise<unknown> =>
    inflight.get(key) ?? share(key, computeAsync(scope, key, call));

  const wrapper = function (this: unknown, ...args: Args): unknown {
    const call = () => (fn as (...args: Args) => unknown).apply(this, args);
    if (isAsync) {
      try {
        const scope = scopeOf();
        return viaAsync(scope, storageKeyOf(scope, args), call);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const scope = scopeOf();
    const { backend } = scope;
    if (backend.getValueSync === undefined || backend.setValueSync === undefined) {
      throw syncFunctionError(where, backend);
    }
    const key = storageKeyOf(scope, args);
    const pending = inflight.get(key);
    if (pending !== undefined) return pending;
    const stored = backend.getValueSync(key);
    if (stored !== undefined) {
      const value = decode(backend, stored);
      if (value !== undefined) return value;
    }
    const value = call();
    if (isThenable(value)) {
      // Returned a promise without being declared async: cache what it resolves to.
      isAsync = true;
      return share(
        key,
        Promise.resolve(value).then((resolved) => store(scope, key, resolved)),
      );
    }
    if (value !== undefined) backend.setValueSync(key, encode(backend, value), ttlOf(scope));
    return value;
  };
  Object.assign(wrapper, {
    reset: async (...args: Args) => {
      const scope = scopeOf();
      await scope.backend.deleteValue(storageKeyOf(scope, args));
    },
    resetSync: (...args: Args) => {
      const scope = scopeOf();
      const { backend } = scope;
      if (backend.deleteValueSync === undefined) {
        throw noSyncOperations('resetSync()', backend, 'use `await fn.reset()`');
      }
      backend.deleteValueSync(storageKeyOf(scope, args));
    },
  });
  nameWrapper(wrapper, fn);
  inheritHelpers(wrapper, fn);
  return wrapper as unknown as CachedFunction<Fn>;
}
