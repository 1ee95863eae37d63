import type { LockBackend } from '../backends/backend.js';
import type { CachifyError } from '../errors.js';
import { noSyncOperations } from '../internal/no-sync.js';

/**
 * Any function (what the wrappers accept).
 *
 * @param args - Whatever the function takes.
 *
 * @see [Wrapping functions with locked](https://cachify.dev/wrappers/locked/) in the guide
 */
export type AnyFunction = (...args: never[]) => unknown;

/** Marks a wrapper of an async function, so that a wrapper around it knows it too. */
const ASYNC_WRAPPER = Symbol('cachify.asyncWrapper');

/** Whether `fn` always returns a promise: declared `async`, or a wrapper of such a function. */
export function isAsyncFunction(fn: unknown): boolean {
  return (
    typeof fn === 'function' &&
    ((fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'AsyncFunction' ||
      (fn as { [ASYNC_WRAPPER]?: boolean })[ASYNC_WRAPPER] === true)
  );
}

/** The function to wrap: checked when the wrapper is created. */
export function checkWrappedFunction(where: string, fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`${where}: the second argument must be the function to wrap`);
  }
}

/** A sync function was wrapped but the backend can only answer asynchronously. */
export function syncFunctionError(where: string, backend: LockBackend): CachifyError {
  return noSyncOperations(
    `${where} wraps a synchronous function, which`,
    backend,
    'make the function async',
  );
}

/** Helpers that stacked wrappers pass outwards, so the outer one still offers them. */
const HELPERS = [
  'isLocked',
  'isLockedSync',
  'release',
  'releaseSync',
  'reset',
  'resetSync',
  'size',
  'sizeSync',
];

/** Copies the inner wrapper's helpers that the outer one does not define itself. */
export function inheritHelpers(outer: object, inner: unknown): void {
  if (typeof inner !== 'function') return;
  for (const name of HELPERS) {
    const helper = (inner as unknown as Record<string, unknown>)[name];
    if (typeof helper === 'function' && !Object.hasOwn(outer, name)) {
      Object.defineProperty(outer, name, { value: helper, configurable: true, writable: true });
    }
  }
}

/** Gives the wrapper the function's `name` and `length`, so stacked wrappers can check templates. */
export function nameWrapper(wrapper: object, fn: { name: string; length: number }): void {
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
  if (isAsyncFunction(fn)) Object.defineProperty(wrapper, ASYNC_WRAPPER, { value: true });
}
