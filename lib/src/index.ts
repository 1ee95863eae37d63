/**
 * `cachify`: locks and pools for TypeScript that work in sync and async code, in memory or on
 * Redis, with owner tokens, fencing tokens and lost-lock signals; plus `locked`, `once`, `cached`
 * and `pooled` wrappers.
 *
 * ```ts
 * import { initCachify, lock } from 'cachify';
 *
 * initCachify();
 * await using held = await lock({ key: 'cool-async-lock' }).acquire();
 * ```
 *
 * @module
 */
export {
  type AcquireLockRequest,
  type AcquireSlotRequest,
  isPoolBackend,
  type LockBackend,
  type LockGrant,
  type LockLossReason,
  type PoolBackend,
  type SlotExtension,
  type ValueCodec,
} from './backends/backend.js';
export { MemoryBackend, type MemoryBackendOptions, memoryBackend } from './backends/memory.js';
export {
  Cachify,
  type CachifyOptions,
  cached,
  getCachify,
  initCachify,
  lock,
  locked,
  once,
  pool,
  pooled,
} from './cachify.js';
export {
  CachifyBackendError,
  CachifyError,
  CachifyInitError,
  CachifyLockError,
  CachifyLockLostError,
  CachifyPoolFullError,
} from './errors.js';
export { HeldHandle, LockHandle } from './handle.js';
export type { KeyFunction, KeySource } from './keys.js';
export { Lock, type LockOptions } from './lock.js';
export type { CachifyLogger } from './logger.js';
export { Pool } from './pool.js';
export type { PoolOptions } from './pool-options.js';
export { SlotHandle } from './slot-handle.js';
export type { CachedFunction, CachedHelpers, CachedOptions } from './wrappers/cached.js';
export type { CachifyMethodDecorator } from './wrappers/decorator.js';
export type {
  AnyFunction,
  LockedFunction,
  LockedHelpers,
  LockedOptions,
} from './wrappers/locked.js';
export type { OnceFunction, OnceOptions } from './wrappers/once.js';
export type {
  PoolBoundFunction,
  PooledCall,
  PooledFunction,
  PooledHelpers,
  PooledOptions,
  PoolFullOptions,
} from './wrappers/pooled.js';
