import type { Cachify } from '../cachify.js';
import { CachifyLockError } from '../errors.js';
import { isThenable } from '../internal/promises.js';
import { compileKey, type KeySource } from '../keys.js';
import { Lock, resolveLockOptions } from '../lock.js';
import { checkBoolean, checkOptionsObject } from '../options.js';
import type { AnyFunction, LockedHelpers } from './locked.js';
import {
  callHoldingSync,
  checkWrappedFunction,
  inheritHelpers,
  isAsyncFunction,
  nameWrapper,
  syncFunctionError,
} from './shared.js';

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

/** @internal Builds `once()` for an instance resolver. */
export function createOnce<Fn extends AnyFunction, OnLocked>(
  instance: () => Cachify,
  options: OnceOptions<Parameters<Fn>, OnLocked>,
  fn: Fn,
): OnceFunction<Fn, OnLocked> {
  type Args = Parameters<Fn>;
  type Result = ReturnType<Fn>;
  const where = 'once()';
  const o = checkOptionsObject(where, options, ONCE_OPTION_NAMES);
  checkWrappedFunction(where, fn);
  const keyOf = compileKey<Args>(where, o.key, fn as (...args: Args) => unknown);
  const raiseOnLocked = checkBoolean(where, o.raiseOnLocked, 'raiseOnLocked', false);
  const returnOnLocked = o.returnOnLocked as OnLocked;
  const base = resolveLockOptions(where, { key: 'template', exp: o.exp });
  const lockFor = (args: Args) => new Lock({ ...base, key: keyOf(args) }, instance, 'once');
  let isAsync = isAsyncFunction(fn);

  const skipped = (error: unknown): OnLocked => {
    if (raiseOnLocked || !(error instanceof CachifyLockError)) throw error;
    return returnOnLocked;
  };

  const wrapper = function (this: unknown, ...args: Args): unknown {
    if (isAsync) {
      let lock: Lock;
      try {
        lock = lockFor(args);
      } catch (error) {
        return Promise.reject(error);
      }
      return lock.acquire().then(async (held) => {
        try {
          return await (fn as (...args: Args) => Result).apply(this, args);
        } finally {
          await held.release();
        }
      }, skipped);
    }
    const backend = instance().backend;
    if (backend.acquireLockSync === undefined) throw syncFunctionError(where, backend);
    const lock = lockFor(args);
    let held: ReturnType<Lock['acquireSync']>;
    try {
      held = lock.acquireSync();
    } catch (error) {
      return skipped(error);
    }
    const result = callHoldingSync(held, () => (fn as (...args: Args) => Result).apply(this, args));
    // A promise from a function not declared async: later calls take the async path.
    if (isThenable(result)) isAsync = true;
    return result;
  };
  Object.assign(wrapper, {
    isLocked: (...args: Args) => lockFor(args).isLocked(),
    isLockedSync: (...args: Args) => lockFor(args).isLockedSync(),
    release: (...args: Args) => lockFor(args).release(),
    releaseSync: (...args: Args) => lockFor(args).releaseSync(),
  });
  nameWrapper(wrapper, fn);
  inheritHelpers(wrapper, fn);
  return wrapper as unknown as OnceFunction<Fn, OnLocked>;
}
