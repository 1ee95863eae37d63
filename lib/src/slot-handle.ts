import type { LockGrant, PoolBackend } from './backends/backend.js';
import { HeldHandle, SLOT_OPERATIONS } from './handle.js';

/**
 * A slot of a pool, owned by whoever holds this object. What `pool(...).acquire()` and
 * `pool(...).acquireSync()` return: the same shape and promises as a `LockHandle`.
 *
 * Give it back with {@link HeldHandle.release} / {@link HeldHandle.releaseSync}, or let `using` /
 * `await using` do it at the end of the block:
 *
 * ```ts
 * await using slot = await pool({ key: 'worker-pool', maxSize: 3 }).acquire();
 * ```
 *
 * Its release is owner-checked: once the slot expired (and its place went to someone else),
 * releasing this handle returns `false` and frees nobody else's slot. Its `signal` aborts with a
 * `CachifyLockLostError` when the slot expires or a renewal fails.
 */
export class SlotHandle extends HeldHandle {
  /**
   * @internal Handles come from `Pool.acquire()` / `Pool.acquireSync()`; constructing one
   * directly does not take a slot.
   */
  constructor(
    key: string,
    backend: PoolBackend,
    storageKey: string,
    owner: string,
    exp: number | null,
    grant: LockGrant,
    autoExtend: boolean,
  ) {
    super(SLOT_OPERATIONS, key, backend, storageKey, owner, exp, grant, autoExtend);
  }
}
