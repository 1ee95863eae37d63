import { CachifyLockError } from '../errors.js';
import { isThenable } from '../internal/promises.js';
import { compileKey, type KeySource } from '../keys.js';
import { Lock, resolveLockOptions } from '../lock.js';
import { checkBoolean, checkOptionsObject } from '../options.js';
import type { ScopeSource } from '../scope.js';
import type { AnyFunction, LockedHelpers } from './locked.js';
import {
  callHoldingSync,
  checkWrappedFunction,
  inheritHelpers,
  isAsyncFunction,
  nameWrapper,
  syncFunctionError,
} from './shared.js';

/** Options of `once()`. */
export interface OnceOptions<Args extends unknown[], OnLocked = undefined> {
  /** A template (`'report-{0}'`) filled from the arguments, or a function returning the key. */
  key: KeySource<Args>;
  /** `true`: a call made while another with the same key runs throws `CachifyLockError`. Default: `false`. */
  raiseOnLocked?: boolean;
  /** What a skipped call returns (a promise of it for an async function). Default: `undefined`. */
  returnOnLocked?: OnLocked;
  /**
   * Longest time in ms one run keeps its exclusivity, so a crashed process cannot block the key
   * forever. Default: the instance's `defaultLockExpiration`. `null`: no limit.
   */
  exp?: number | null;
}

/** The names of {@link OnceOptions}. */
export const ONCE_OPTION_NAMES = ['key', 'raiseOnLocked', 'returnOnLocked', 'exp'];

/** A function wrapped by `once()`: returns `Result`, or `OnLocked` when the call was skipped. */
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
  type Result = ReturnType<Fn>;
  const where = 'once()';
  const o = checkOptionsObject(where, options, ONCE_OPTION_NAMES);
  checkWrappedFunction(where, fn);
  const keyOf = compileKey<Args>(where, o.key, fn as (...args: Args) => unknown);
  const raiseOnLocked = checkBoolean(where, o.raiseOnLocked, 'raiseOnLocked', false);
  const returnOnLocked = o.returnOnLocked as OnLocked;
  const base = resolveLockOptions(where, { key: 'template', exp: o.exp });
  const lockFor = (args: Args) => new Lock({ ...base, key: keyOf(args) }, scopeOf, 'once');
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
    const backend = scopeOf().backend;
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
