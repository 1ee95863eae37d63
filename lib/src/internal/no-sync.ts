import { CachifyError } from '../errors.js';

/**
 * The error of a synchronous call on a backend that answers only asynchronously (Redis), one
 * wording for every such call.
 *
 * @param what - The call as the user wrote it: `'acquireSync()'`, `` '`using`' ``.
 * @param backend - The instance's backend; its `name` is shown.
 * @param instead - What to write instead: `` 'use `await lock.acquire()`' ``.
 */
export function noSyncOperations(
  what: string,
  backend: { readonly name: string },
  instead: string,
): CachifyError {
  return new CachifyError(
    `${what} needs a backend with synchronous operations; the ${backend.name} backend has none: ${instead}`,
  );
}

/**
 * {@link noSyncOperations} for a method of a lock or a pool, naming its async form:
 * "isLockedSync() needs a backend with synchronous operations; ...: use `await lock.isLocked()`".
 *
 * @param noun - What the method belongs to, as user code names it: `'lock'`, `'pool'`.
 * @param method - The sync call: `'acquireSync()'`.
 * @param backend - The instance's backend; its `name` is shown.
 * @param asyncMethod - The async method's name: `'acquire'`.
 */
export function noSyncMethod(
  noun: 'lock' | 'pool',
  method: string,
  backend: { readonly name: string },
  asyncMethod: string,
): CachifyError {
  return noSyncOperations(method, backend, `use \`await ${noun}.${asyncMethod}()\``);
}
