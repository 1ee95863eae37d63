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
export function blockThread(ms: number, source: 'lock' | 'pool'): void {
  if (!canBlockThread() || cell == null) {
    throw new CachifyError(
      `acquireSync() with nowait: false cannot block this thread (a browser main thread, or no SharedArrayBuffer): use \`await ${source}.acquire()\` instead`,
    );
  }
  Atomics.wait(cell, 0, 0, ms);
}
