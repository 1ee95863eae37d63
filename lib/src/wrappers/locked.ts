import type { LockHandle } from '../handle.js';
import { compileKey, type KeySource } from '../keys.js';
import { LOCK_OPTION_NAMES, Lock, type LockOptions, resolveLockOptions } from '../lock.js';
import { checkOptionsObject } from '../options.js';
import type { ScopeSource } from '../scope.js';
import { holdingCall } from './holding-call.js';
import type { AnyFunction } from './shared.js';

export type { AnyFunction } from './shared.js';

import { checkWrappedFunction, inheritHelpers, nameWrapper } from './shared.js';

/**
 * Options of `locked()`: those of `lock()` (`nowait`, `timeout`, `exp`, `signal`, `autoExtend`,
 * with the same defaults), with a key computed from each call's arguments.
 *
 * @typeParam Args - The wrapped function's parameters, which a key function receives.
 * @example
 * ```ts
 * const charge = locked(
 *   { key: 'charge-{0.id}', nowait: false, timeout: 5_000 },
 *   async (order: { id: number }) => { ... },
 * );
 * ```
 * @see [Wrapping functions with locked](https://cachify.dev/wrappers/locked/) in the guide
 */
export interface LockedOptions<Args extends unknown[]> extends Omit<LockOptions, 'key'> {
  /**
   * A template (`'order-{0.id}'`) filled from the call's arguments, or a function of the
   * arguments that returns the key. See {@link KeySource}.
   */
  key: KeySource<Args>;
}

/**
 * A function wrapped by `locked()`: the same function type, plus {@link LockedHelpers}.
 *
 * @typeParam Fn - The wrapped function's type.
 * @see [Wrapping functions with locked](https://cachify.dev/wrappers/locked/) in the guide
 */
export type LockedFunction<Fn extends AnyFunction> = Fn & LockedHelpers<Parameters<Fn>>;

/**
 * What `locked()` and `once()` add to the wrapped function; each takes the call's arguments.
 *
 * @typeParam Args - The wrapped function's parameters.
 * @see [`isLocked` and `release` by arguments](https://cachify.dev/wrappers/locked/#islocked-and-release-by-arguments) in the guide
 */
export interface LockedHelpers<Args extends unknown[]> {
  /**
   * Whether the lock these arguments map to is held.
   *
   * @param args - The arguments of the call whose lock to look at; they build its key.
   */
  isLocked(...args: Args): Promise<boolean>;
  /**
   * Synchronous `isLocked`; needs a backend with synchronous operations.
   *
   * @param args - The arguments of the call whose lock to look at.
   */
  isLockedSync(...args: Args): boolean;
  /**
   * Force-releases the lock these arguments map to, whoever holds it; `true` when one was there.
   *
   * @param args - The arguments of the call whose lock to release.
   */
  release(...args: Args): Promise<boolean>;
  /**
   * Synchronous `release`; needs a backend with synchronous operations.
   *
   * @param args - The arguments of the call whose lock to release.
   */
  releaseSync(...args: Args): boolean;
}

/** @internal The {@link LockedHelpers} of a wrapper whose calls hold `lockFor(args)`. */
export function lockHelpers<Args extends unknown[]>(
  lockFor: (args: Args) => Lock,
): LockedHelpers<Args> {
  return {
    isLocked: (...args) => lockFor(args).isLocked(),
    isLockedSync: (...args) => lockFor(args).isLockedSync(),
    release: (...args) => lockFor(args).release(),
    releaseSync: (...args) => lockFor(args).releaseSync(),
  };
}

/** @internal Builds `locked()` for a scope resolver. */
export function createLocked<Fn extends AnyFunction>(
  scopeOf: ScopeSource,
  options: LockedOptions<Parameters<Fn>>,
  fn: Fn,
): LockedFunction<Fn> {
  type Args = Parameters<Fn>;
  const where = 'locked()';
  const o = checkOptionsObject(where, options, LOCK_OPTION_NAMES);
  checkWrappedFunction(where, fn);
  const keyOf = compileKey<Args>(where, o.key, fn as (...args: Args) => unknown);
  const base = resolveLockOptions(where, { ...o, key: 'template' });
  const lockFor = (args: Args) => new Lock({ ...base, key: keyOf(args) }, scopeOf);
  const wrapper = holdingCall<Args, LockHandle>(fn, {
    where,
    scopeOf,
    canAcquireSync: (backend) => backend.acquireLockSync !== undefined,
    holdableFor: lockFor,
  });
  Object.assign(wrapper, lockHelpers(lockFor));
  nameWrapper(wrapper, fn);
  inheritHelpers(wrapper, fn);
  return wrapper as unknown as LockedFunction<Fn>;
}
