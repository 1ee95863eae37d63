import { CachifyLockError } from '../errors.js';
import type { LockHandle } from '../handle.js';
import { compileKey, type KeySource } from '../keys.js';
import { Lock, resolveLockOptions } from '../lock.js';
import { checkBoolean, checkOptionsObject } from '../options.js';
import type { ScopeSource } from '../scope.js';
import { holdingCall } from './holding-call.js';
import { type AnyFunction, type LockedHelpers, lockHelpers } from './locked.js';
import { checkWrappedFunction, inheritHelpers, nameWrapper } from './shared.js';

/**
 * Options of `once()`.
 *
 * @typeParam Args - The wrapped function's parameters, which a key function receives.
 * @typeParam OnLocked - The type of `returnOnLocked`.
 * @example
 * ```ts
 * const sync = once(
 *   { key: 'sync-{0}', returnOnLocked: 'already running', exp: 10 * 60_000 },
 *   async (accountId: number) => { ... },
 * );
 * ```
 * @see [Once](https://cachify.dev/wrappers/once/) in the guide
 */
export interface OnceOptions<Args extends unknown[], OnLocked = undefined> {
  /**
   * A template (`'report-{0}'`) filled from the call's arguments, or a function of the arguments
   * that returns the key. See {@link KeySource}.
   */
  key: KeySource<Args>;
  /**
   * `true`: a call made while another with the same key runs throws `CachifyLockError`.
   * `false`: it returns `returnOnLocked`.
   *
   * @default false
   */
  raiseOnLocked?: boolean;
  /**
   * What a skipped call returns (a promise of it for an async function).
   *
   * @default undefined
   */
  returnOnLocked?: OnLocked;
  /**
   * Longest time in ms one run keeps its exclusivity, so a crashed process cannot block the key
   * forever. `null`: until the run ends.
   *
   * @default defaultLockExpiration
   */
  exp?: number | null;
}

/** The names of {@link OnceOptions}. */
export const ONCE_OPTION_NAMES = ['key', 'raiseOnLocked', 'returnOnLocked', 'exp'];

/**
 * A function wrapped by `once()`: returns what `Fn` returns, or `OnLocked` when the call was
 * skipped; plus {@link LockedHelpers}.
 *
 * @typeParam Fn - The wrapped function's type.
 * @typeParam OnLocked - The type of `returnOnLocked`.
 * @see [Once](https://cachify.dev/wrappers/once/) in the guide
 */
export type OnceFunction<Fn extends AnyFunction, OnLocked = undefined> = ((
  this: ThisParameterType<Fn>,
  ...args: Parameters<Fn>
) => ReturnType<Fn> extends PromiseLike<infer Value>
  ? Promise<Value | OnLocked>
  : ReturnType<Fn> | OnLocked) &
  LockedHelpers<Parameters<Fn>>;

/** @internal Builds `once()` for a scope resolver. */
export function createOnce<Fn extends AnyFunction, OnLocked>(
  scopeOf: ScopeSource,
  options: OnceOptions<Parameters<Fn>, OnLocked>,
  fn: Fn,
): OnceFunction<Fn, OnLocked> {
  type Args = Parameters<Fn>;
  const where = 'once()';
  const o = checkOptionsObject(where, options, ONCE_OPTION_NAMES);
  checkWrappedFunction(where, fn);
  const keyOf = compileKey<Args>(where, o.key, fn as (...args: Args) => unknown);
  const raiseOnLocked = checkBoolean(where, o.raiseOnLocked, 'raiseOnLocked', false);
  const returnOnLocked = o.returnOnLocked as OnLocked;
  const base = resolveLockOptions(where, { key: 'template', exp: o.exp });
  const lockFor = (args: Args) => new Lock({ ...base, key: keyOf(args) }, scopeOf, 'once');
  const wrapper = holdingCall<Args, LockHandle>(fn, {
    where,
    scopeOf,
    canAcquireSync: (backend) => backend.acquireLockSync !== undefined,
    holdableFor: lockFor,
    // Another call holds the key: skipped.
    refused: (error) => {
      if (raiseOnLocked || !(error instanceof CachifyLockError)) throw error;
      return returnOnLocked;
    },
  });
  Object.assign(wrapper, lockHelpers(lockFor));
  nameWrapper(wrapper, fn);
  inheritHelpers(wrapper, fn);
  return wrapper as unknown as OnceFunction<Fn, OnLocked>;
}
