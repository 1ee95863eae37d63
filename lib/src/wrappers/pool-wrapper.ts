/**
 * Wrapping a function so that each call holds a pool slot: what `pooled()` and `pool.pooled()`
 * share. It knows pools only by {@link SlotSource}, so that `pool.ts` can use it.
 *
 * @module
 */

import { isPoolBackend } from '../backends/backend.js';
import { CachifyPoolFullError } from '../errors.js';
import { checkBoolean, checkOptionalFunction, checkOptionsObject } from '../options.js';
import type { ScopeSource } from '../scope.js';
import type { SlotHandle } from '../slot-handle.js';
import { holdingCall } from './holding-call.js';
import type { AnyFunction } from './locked.js';
import { checkWrappedFunction, inheritHelpers, nameWrapper } from './shared.js';

/** @internal What a pool wrapper needs of a pool: `Pool` has it. */
export interface SlotSource {
  acquire(): Promise<SlotHandle>;
  acquireSync(): SlotHandle;
  size(): Promise<number>;
  sizeSync(): number;
}

/**
 * What a pooled function does when its pool is full: `pool.pooled()`'s options.
 *
 * @typeParam Args - The wrapped function's parameters.
 * @typeParam OnFull - The type `onFull` returns.
 */
export interface PoolFullOptions<Args extends unknown[], OnFull = undefined> {
  /**
   * Called with the call's arguments when the pool is full; what it returns is what the call
   * returns (a promise of it for an async function). Default: the call returns `undefined`.
   *
   * @param args - The arguments of the call that found the pool full.
   */
  onFull?: (...args: Args) => OnFull;
  /** `true`: a call that finds the pool full throws `CachifyPoolFullError` instead. Default: `false`. */
  raiseOnFull?: boolean;
}

/**
 * What `pooled()` adds to the wrapped function; each takes the call's arguments.
 *
 * @typeParam Args - The wrapped function's parameters (none for `pool.pooled()`).
 */
export interface PooledHelpers<Args extends unknown[]> {
  /**
   * How many slots are taken in the pool these arguments map to.
   *
   * @param args - The arguments of the call whose pool to count; they build its key.
   */
  size(...args: Args): Promise<number>;
  /**
   * Synchronous `size`; needs a backend with synchronous operations.
   *
   * @param args - The arguments of the call whose pool to count.
   */
  sizeSync(...args: Args): number;
}

/**
 * A function wrapped by `pooled()`: returns `fn`'s result, or `OnFull` when the pool was full
 * (a promise of either for an async `fn`); plus {@link PooledHelpers}.
 *
 * @typeParam Fn - The wrapped function's type.
 * @typeParam OnFull - The type `onFull` returns.
 */
export type PooledFunction<Fn extends AnyFunction, OnFull = undefined> = PooledCall<Fn, OnFull> &
  PooledHelpers<Parameters<Fn>>;

/**
 * A function wrapped by `pool.pooled()`: as a {@link PooledFunction}, with helpers that take no
 * arguments, since every call uses the one pool.
 *
 * @typeParam Fn - The wrapped function's type.
 * @typeParam OnFull - The type `onFull` returns.
 */
export type PoolBoundFunction<Fn extends AnyFunction, OnFull = undefined> = PooledCall<Fn, OnFull> &
  PooledHelpers<[]>;

/**
 * The call signature of a pooled function: `fn`'s, returning `OnFull` when the pool is full.
 *
 * @typeParam Fn - The wrapped function's type.
 * @typeParam OnFull - The type `onFull` returns.
 */
export type PooledCall<Fn extends AnyFunction, OnFull> = (
  this: ThisParameterType<Fn>,
  ...args: Parameters<Fn>
) => ReturnType<Fn> extends PromiseLike<infer Value>
  ? Promise<Value | Awaited<OnFull>>
  : ReturnType<Fn> | OnFull;

/** The names of {@link PoolFullOptions}: what `pool.pooled()` takes. */
export const POOL_FULL_OPTION_NAMES: readonly string[] = ['onFull', 'raiseOnFull'];

/** @internal `onFull` and `raiseOnFull`, checked. */
export interface ResolvedPoolFullOptions<Args extends unknown[], OnFull> {
  readonly onFull: ((...args: Args) => OnFull) | undefined;
  readonly raiseOnFull: boolean;
}

/** @internal Checks `onFull` / `raiseOnFull` of a pooled function's options. */
export function resolvePoolFullOptions<Args extends unknown[], OnFull>(
  where: string,
  options: unknown,
  fn: unknown,
  known: readonly string[] = POOL_FULL_OPTION_NAMES,
): ResolvedPoolFullOptions<Args, OnFull> {
  const o = checkOptionsObject(where, options, known);
  checkWrappedFunction(where, fn);
  return {
    onFull: checkOptionalFunction<(...args: Args) => OnFull>(where, o.onFull, 'onFull'),
    raiseOnFull: checkBoolean(where, o.raiseOnFull, 'raiseOnFull', false),
  };
}

/** @internal Wraps `fn` so that each call holds a slot of the pool `poolFor` names for it. */
export function createPoolWrapper<Fn extends AnyFunction, OnFull>(
  where: string,
  scopeOf: ScopeSource,
  poolFor: (args: Parameters<Fn>) => SlotSource,
  full: ResolvedPoolFullOptions<Parameters<Fn>, OnFull>,
  fn: Fn,
): PooledFunction<Fn, OnFull> {
  type Args = Parameters<Fn>;
  const wrapper = holdingCall<Args, SlotHandle>(fn, {
    where,
    scopeOf,
    canAcquireSync: (backend) => isPoolBackend(backend) && backend.acquireSlotSync !== undefined,
    holdableFor: poolFor,
    // The pool was full: `onFull`'s result, or the error. Other errors pass unchanged.
    refused: (error, args) => {
      if (full.raiseOnFull || !(error instanceof CachifyPoolFullError)) throw error;
      return full.onFull?.(...args);
    },
  });

  Object.assign(wrapper, {
    size: (...args: Args) => poolFor(args).size(),
    sizeSync: (...args: Args) => poolFor(args).sizeSync(),
  });
  nameWrapper(wrapper, fn);
  inheritHelpers(wrapper, fn);
  return wrapper as unknown as PooledFunction<Fn, OnFull>;
}
