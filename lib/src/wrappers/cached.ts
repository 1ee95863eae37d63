import type { LockBackend } from '../backends/backend.js';
import type { Cachify } from '../cachify.js';
import { CachifyError } from '../errors.js';
import { isThenable } from '../internal/promises.js';
import { compileKey, type KeySource } from '../keys.js';
import { checkLifetime, checkOptionalFunction, checkOptionsObject } from '../options.js';
import type { AnyFunction } from './locked.js';
import {
  checkWrappedFunction,
  inheritHelpers,
  isAsyncFunction,
  nameWrapper,
  syncFunctionError,
} from './shared.js';

/** Options of `cached()`; `Value` is what the wrapped function resolves to. */
export interface CachedOptions<Args extends unknown[], Value = unknown> {
  /** A template (`'user-{0}'`) filled from the arguments, or a function returning the key. */
  key: KeySource<Args>;
  /** How long a result stays cached, in ms. Default: the instance's `defaultCacheTtl` (`null` = forever). */
  ttl?: number | null;
  /** Result -> stored form. Default: the backend's codec (identity in memory, JSON on Redis). */
  encode?: (value: Value) => unknown;
  /** Stored form -> result. Default: the backend's codec. */
  decode?: (stored: unknown) => Value;
}

/** A function wrapped by `cached()`: the same function type, plus {@link CachedHelpers}. */
export type CachedFunction<Fn extends AnyFunction> = Fn & CachedHelpers<Parameters<Fn>>;

/** What `cached()` adds to the wrapped function; each takes the call's arguments. */
export interface CachedHelpers<Args extends unknown[]> {
  /** Forgets the cached result for these arguments. */
  reset(...args: Args): Promise<void>;
  /** Synchronous `reset`; needs a backend with synchronous operations. */
  resetSync(...args: Args): void;
}

/** @internal Builds `cached()` for an instance resolver. */
export function createCached<Fn extends AnyFunction>(
  instance: () => Cachify,
  options: CachedOptions<Parameters<Fn>, Awaited<ReturnType<Fn>>>,
  fn: Fn,
): CachedFunction<Fn> {
  type Args = Parameters<Fn>;
  const where = 'cached()';
  const o = checkOptionsObject(where, options);
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

  // The user's codec wins; else the backend's; else values are stored as they are.
  const encode = (backend: LockBackend, value: unknown): unknown =>
    encodeOption !== undefined
      ? encodeOption(value)
      : backend.defaultCodec !== undefined
        ? backend.defaultCodec.encode(value)
        : value;
  const decode = (backend: LockBackend, stored: unknown): unknown =>
    decodeOption !== undefined
      ? decodeOption(stored)
      : backend.defaultCodec !== undefined
        ? backend.defaultCodec.decode(stored)
        : stored;
  const storageKey = (cachify: Cachify, args: Args) => `${cachify.prefix}cached:${keyOf(args)}`;
  const ttlOf = (cachify: Cachify) =>
    ttlOption === undefined ? cachify.defaultCacheTtl : ttlOption;

  /** Stores a computed result (never `undefined`) and resolves it. */
  const store = async (cachify: Cachify, key: string, value: unknown): Promise<unknown> => {
    if (value !== undefined) {
      await cachify.backend.setValue(key, encode(cachify.backend, value), ttlOf(cachify));
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
    cachify: Cachify,
    key: string,
    call: () => unknown,
  ): Promise<unknown> => {
    const stored = await cachify.backend.getValue(key);
    if (stored !== undefined) {
      const value = decode(cachify.backend, stored);
      if (value !== undefined) return value;
    }
    return store(cachify, key, await call());
  };

  const viaAsync = (cachify: Cachify, key: string, call: () => unknown): Promise<unknown> =>
    inflight.get(key) ?? share(key, computeAsync(cachify, key, call));

  const wrapper = function (this: unknown, ...args: Args): unknown {
    const call = () => (fn as (...args: Args) => unknown).apply(this, args);
    if (isAsync) {
      try {
        const cachify = instance();
        return viaAsync(cachify, storageKey(cachify, args), call);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const cachify = instance();
    const { backend } = cachify;
    if (backend.getValueSync === undefined || backend.setValueSync === undefined) {
      throw syncFunctionError(where, backend);
    }
    const key = storageKey(cachify, args);
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
        Promise.resolve(value).then((resolved) => store(cachify, key, resolved)),
      );
    }
    if (value !== undefined) backend.setValueSync(key, encode(backend, value), ttlOf(cachify));
    return value;
  };
  Object.assign(wrapper, {
    reset: async (...args: Args) => {
      const cachify = instance();
      await cachify.backend.deleteValue(storageKey(cachify, args));
    },
    resetSync: (...args: Args) => {
      const cachify = instance();
      const { backend } = cachify;
      if (backend.deleteValueSync === undefined) {
        throw new CachifyError(
          `resetSync() needs a backend with synchronous operations; the ${backend.name} backend has none: use \`await fn.reset()\``,
        );
      }
      backend.deleteValueSync(storageKey(cachify, args));
    },
  });
  nameWrapper(wrapper, fn);
  inheritHelpers(wrapper, fn);
  return wrapper as unknown as CachedFunction<Fn>;
}
