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
