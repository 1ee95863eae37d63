import type { HeldHandle } from '../handle.js';
import { isThenable, RESOLVED_FALSE, RESOLVED_TRUE } from './promises.js';

/**
 * What `lock.run(fn)` and `pool.run(fn)` do once the lock or slot is held: call `fn` with the
 * handle, release it when `fn` settles (also when it throws), and resolve what `fn` returns.
 *
 * Plain promise steps rather than `async`/`await`: fewer allocations and ticks per call, which
 * shows when thousands of calls wait in line (about a fifth less CPU in the drain benchmark).
 */
export function runHolding<Handle extends HeldHandle, T>(
  acquired: Promise<Handle>,
  fn: (held: Handle) => T | PromiseLike<T>,
): Promise<T> {
  return acquired.then((held) => callHolding(held, fn));
}

/**
 * What `lock.runSync(fn)` and `pool.runSync(fn)` do once the lock or slot is held: call `fn` with
 * the handle, release it synchronously however `fn` ends, and return what `fn` returns.
 */
export function runHoldingSync<Handle extends HeldHandle, T>(
  held: Handle,
  fn: (held: Handle) => T,
): T {
  try {
    return fn(held);
  } finally {
    held.releaseSync();
  }
}

/**
 * Calls `fn` with `held` and releases it when `fn` settles (also when it throws); a failed release
 * wins over the result. Meant to be returned from a `then` callback: a sync `fn` on a sync backend
 * gives its value back as is, without a promise of its own.
 */
export function callHolding<Handle extends HeldHandle, T>(
  held: Handle,
  fn: (held: Handle) => T | PromiseLike<T>,
): T | Promise<T> {
  let result: T | PromiseLike<T>;
  try {
    result = fn(held);
  } catch (error) {
    return afterRelease(held.release(), () => Promise.reject(error));
  }
  if (!isThenable(result)) return afterRelease(held.release(), () => result as T);
  return Promise.resolve(result).then(
    (value) => afterRelease(held.release(), () => value),
    (error: unknown) => afterRelease(held.release(), () => Promise.reject(error)),
  );
}

/**
 * Continues with `next` once a release settles. A release on a sync backend hands back one of the
 * shared settled promises, so there is nothing to wait for; a failed release wins over `next`.
 */
function afterRelease<T>(released: Promise<boolean>, next: () => T | Promise<T>): T | Promise<T> {
  if (released === RESOLVED_TRUE || released === RESOLVED_FALSE) return next();
  return released.then(next);
}
