/** Shared settled promises: returning one costs no allocation on hot paths. */
export const RESOLVED_NULL: Promise<null> = Promise.resolve(null);
export const RESOLVED_TRUE: Promise<boolean> = Promise.resolve(true);
export const RESOLVED_FALSE: Promise<boolean> = Promise.resolve(false);
export const RESOLVED_UNDEFINED: Promise<undefined> = Promise.resolve(undefined);

/** Whether `value` looks like a promise (anything with a `then` method). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
