/**
 * Blocking waits, for `acquireSync()` with `nowait: false`: the thread sleeps (it never spins)
 * until the lock or slot it waits for may have expired, or the timeout passes.
 *
 * @module
 */
import type { AcquireLockRequest, LockGrant } from '../backends/backend.js';
import { CachifyError } from '../errors.js';

/** The cell `Atomics.wait` sleeps on; nobody ever notifies it, so a wait lasts its full time. */
let cell: Int32Array | null | undefined;

/** Whether this thread may block: Node and workers may, a browser's main thread may not. */
export function canBlockThread(): boolean {
  if (cell === undefined) {
    try {
      const probe = new Int32Array(new SharedArrayBuffer(4));
      // Returns 'not-equal' at once where blocking is allowed, throws where it is not.
      Atomics.wait(probe, 0, 1, 0);
      cell = probe;
    } catch {
      cell = null;
    }
  }
  return cell !== null;
}

/**
 * Blocks the thread for `ms` milliseconds without spinning. Throws where the thread cannot
 * block (a browser's main thread, or no `SharedArrayBuffer`); the message tells to call
 * `await <source>.acquire()` instead.
 *
 * @param source - What `acquireSync()` was called on: `'lock'` or `'pool'`.
 */
function blockThread(ms: number, source: 'lock' | 'pool'): void {
  if (!canBlockThread() || cell == null) {
    throw new CachifyError(
      `acquireSync() with nowait: false cannot block this thread (a browser main thread, or no SharedArrayBuffer): use \`await ${source}.acquire()\` instead`,
    );
  }
  Atomics.wait(cell, 0, 0, ms);
}

/** Why a blocking wait with no timeout would never end, by what it waits for. */
const NEVER_FREED = {
  lock: 'it never expires, no timeout is set, and nothing can release it',
  pool: 'its slots never expire, no timeout is set, and nothing can release them',
} as const;

/**
 * A blocking wait of `acquireSync()` with `nowait: false`. Nothing else runs while this thread
 * sleeps, so only time can free what it waits for: it tries, sleeps until the next expiry or the
 * deadline, and tries again. Throws `signal.reason` once the signal aborts, and a `CachifyError`
 * rather than sleep forever when nothing it waits for expires and no timeout is set.
 *
 * @param request - The acquisition: its storage `key` (for the error), `timeout` and `signal`.
 * @param source - What `acquireSync()` was called on: `'lock'` or `'pool'`.
 * @param now - The backend's clock, in ms.
 * @param attempt - One try at `now`: the grant, or the time at which what holds it expires
 *   (`Infinity`: never).
 * @returns The grant, or `null` once the timeout passed.
 */
export function acquireBlocking(
  request: Pick<AcquireLockRequest, 'key' | 'timeout' | 'signal'>,
  source: 'lock' | 'pool',
  now: () => number,
  attempt: (now: number) => LockGrant | number,
): LockGrant | null {
  const { signal } = request;
  const deadline = request.timeout === null ? Number.POSITIVE_INFINITY : now() + request.timeout;
  for (;;) {
    signal?.throwIfAborted();
    const at = now();
    const grantOrExpiry = attempt(at);
    if (typeof grantOrExpiry !== 'number') return grantOrExpiry;
    if (at >= deadline) return null;
    const wakeAt = Math.min(deadline, grantOrExpiry);
    if (wakeAt === Number.POSITIVE_INFINITY) {
      throw new CachifyError(
        `acquireSync() would wait forever for ${request.key}: ${NEVER_FREED[source]} while this thread is blocked`,
      );
    }
    blockThread(Math.max(1, wakeAt - at), source);
  }
}
