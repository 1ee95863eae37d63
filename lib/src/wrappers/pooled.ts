import type { KeySource } from '../keys.js';
import { compileKey } from '../keys.js';
import { Pool } from '../pool.js';
import { POOL_OPTION_NAMES, type PoolOptions, resolvePoolOptions } from '../pool-options.js';
import type { ScopeSource } from '../scope.js';
import type { AnyFunction } from './locked.js';
import {
  createPoolWrapper,
  POOL_FULL_OPTION_NAMES,
  type PooledFunction,
  type PoolFullOptions,
  resolvePoolFullOptions,
} from './pool-wrapper.js';

export type {
  PoolBoundFunction,
  PooledCall,
  PooledFunction,
  PooledHelpers,
  PoolFullOptions,
} from './pool-wrapper.js';

/**
 * Options of `pooled()`: those of `pool()` with a key computed from each call's arguments, and
 * what to do when the pool is full.
 *
 * @typeParam Args - The wrapped function's parameters.
 * @typeParam OnFull - The type `onFull` returns.
 * @example
 * ```ts
 * const callApi = pooled(
 *   { key: 'api-{0}', maxSize: 5, onFull: (userId: string) => 'busy, try later' },
 *   async (userId: string) => fetchProfile(userId),
 * );
 * ```
 */
export interface PooledOptions<Args extends unknown[], OnFull = undefined>
  extends Omit<PoolOptions, 'key'>,
    PoolFullOptions<Args, OnFull> {
  /** A template (`'api-{0}'`) filled from the arguments, or a function returning the key. */
  key: KeySource<Args>;
}

/** The names of {@link PooledOptions}. */
export const POOLED_OPTION_NAMES: readonly string[] = [
  ...POOL_OPTION_NAMES,
  ...POOL_FULL_OPTION_NAMES,
];

/** @internal Builds `pooled()` for a scope resolver. */
export function createPooled<Fn extends AnyFunction, OnFull>(
  scopeOf: ScopeSource,
  options: PooledOptions<Parameters<Fn>, OnFull>,
  fn: Fn,
): PooledFunction<Fn, OnFull> {
  type Args = Parameters<Fn>;
  const where = 'pooled()';
  const full = resolvePoolFullOptions<Args, OnFull>(where, options, fn, POOLED_OPTION_NAMES);
  const { onFull: _onFull, raiseOnFull: _raiseOnFull, key, ...rest } = options;
  const keyOf = compileKey<Args>(where, key, fn as (...args: Args) => unknown);
  const base = resolvePoolOptions(where, { ...rest, key: 'template' });
  return createPoolWrapper<Fn, OnFull>(
    where,
    scopeOf,
    (args) => new Pool({ ...base, key: keyOf(args) }, scopeOf),
    full,
    fn,
  );
}
