import type { LockBackend } from '../backends/backend.js';
import { CachifyError } from '../errors.js';

/** Whether `fn` is declared `async` (its result is always a promise). */
export function isAsyncFunction(fn: unknown): boolean {
  return (
    typeof fn === 'function' &&
    (fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'AsyncFunction'
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
  return new CachifyError(
    `${where} wraps a synchronous function, which needs a backend with synchronous operations; the ${backend.name} backend has none: make the function async`,
  );
}

/** Helpers that stacked wrappers pass outwards, so the outer one still offers them. */
const HELPERS = ['isLocked', 'isLockedSync', 'release', 'releaseSync', 'reset', 'resetSync'];

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

/** Names the wrapper after the function, for stack traces and `fn.name`. */
export function nameWrapper(wrapper: object, fn: { name: string }): void {
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
}
