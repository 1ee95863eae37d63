/**
 * The call of a function wrapped by `locked()`, `once()` or `pooled()`: take the lock or slot,
 * call the function, give it back however the call ends. A sync function stays sync.
 *
 * @module
 */
import type { LockBackend } from '../backends/backend.js';
import type { HeldHandle } from '../handle.js';
import { isThenable } from '../internal/promises.js';
import { callHolding } from '../internal/run-holding.js';
import type { ScopeSource } from '../scope.js';
import { type AnyFunction, isAsyncFunction, syncFunctionError } from './shared.js';

/** What a wrapper holds while a call runs: a `Lock` or a `Pool`. */
export interface Holdable<Handle extends HeldHandle> {
  acquire(): Promise<Handle>;
  acquireSync(): Handle;
}

/** @internal How {@link holdingCall} takes what it holds. */
export interface HoldingCallOptions<Args extends unknown[], Handle extends HeldHandle> {
  /** The wrapper, as messages show it: `'locked()'`. */
  readonly where: string;
  readonly scopeOf: ScopeSource;
  /** Whether `backend` can acquire synchronously, which a sync function needs. */
  readonly canAcquireSync: (backend: LockBackend) => boolean;
  /** The lock or pool a call with `args` holds. */
  readonly holdableFor: (args: Args) => Holdable<Handle>;
  /**
   * A refused acquisition: what the call returns instead, or throws. Default: the error is the
   * call's.
   */
  readonly refused?: (error: unknown, args: Args) => unknown;
}

/**
 * @internal `fn` wrapped so that each call holds what `holdableFor` names for it. A function
 * declared `async` takes the async path; one that is not stays sync until it returns a promise,
 * after which later calls take the async path.
 */
export function holdingCall<Args extends unknown[], Handle extends HeldHandle>(
  fn: AnyFunction,
  options: HoldingCallOptions<Args, Handle>,
): (this: unknown, ...args: Args) => unknown {
  const { where, scopeOf, canAcquireSync, holdableFor, refused } = options;
  const onRefused =
    refused === undefined ? undefined : (args: Args) => (error: unknown) => refused(error, args);
  let isAsync = isAsyncFunction(fn);

  return function (this: unknown, ...args: Args): unknown {
    const call = () => (fn as (...args: Args) => unknown).apply(this, args);
    if (isAsync) {
      let acquired: Promise<Handle>;
      try {
        acquired = holdableFor(args).acquire();
      } catch (error) {
        return Promise.reject(error);
      }
      return acquired.then((held) => callHolding(held, call), onRefused?.(args));
    }
    const backend = scopeOf().backend;
    if (!canAcquireSync(backend)) throw syncFunctionError(where, backend);
    const holdable = holdableFor(args);
    let held: Handle;
    try {
      held = holdable.acquireSync();
    } catch (error) {
      if (refused === undefined) throw error;
      return refused(error, args);
    }
    const result = callHoldingSync(held, call);
    // A promise from a function not declared async: later calls take the async path.
    if (isThenable(result)) isAsync = true;
    return result;
  };
}

/**
 * Calls `call` while `held` is held and releases it however the call ends: on return, on throw,
 * or, when a function not declared `async` returns a promise, once that promise settles.
 */
function callHoldingSync<Result>(held: HeldHandle, call: () => Result): Result {
  let result: Result;
  try {
    result = call();
  } catch (error) {
    held.releaseSync();
    throw error;
  }
  if (isThenable(result)) {
    return Promise.resolve(result).finally(() => held.release()) as Result;
  }
  held.releaseSync();
  return result;
}
