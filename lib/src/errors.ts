import type { LockLossReason } from './backends/backend.js';

/**
 * Base class of every error `cachify` throws on purpose: one `instanceof` check tells them from
 * others.
 *
 * @see [The errors you can see](https://cachify.dev/safety/#the-errors-you-can-see) in the guide
 */
export class CachifyError extends Error {
  /** `'CachifyError'`, so logs and `String(error)` name the class. */
  override name = 'CachifyError';
}

/**
 * The lock is held by someone else (or the wait for it timed out). Message: `<key> is already
 * locked!`, the line that is also logged through `logger.warn`.
 *
 * @see [The errors you can see](https://cachify.dev/safety/#the-errors-you-can-see) in the guide
 */
export class CachifyLockError extends CachifyError {
  /** `'CachifyLockError'`, so logs and `String(error)` name the class. */
  override name = 'CachifyLockError';
  /** The key as the user wrote it, without prefix. */
  readonly key: string;

  /**
   * The error for a refused acquisition of `key`.
   *
   * @param key - The key as the user wrote it.
   * @param options - Standard error options (`cause`).
   */
  constructor(key: string, options?: ErrorOptions) {
    super(`${key} is already locked!`, options);
    this.key = key;
  }
}

/**
 * A top-level function was used before `initCachify()`.
 *
 * @see [Initializing](https://cachify.dev/getting-started/initializing/#in-memory) in the guide
 */
export class CachifyInitError extends CachifyError {
  /** `'CachifyInitError'`, so logs and `String(error)` name the class. */
  override name = 'CachifyInitError';

  /**
   * The error that says `initCachify()` was not called yet.
   *
   * @param options - Standard error options (`cause`).
   */
  constructor(options?: ErrorOptions) {
    super('Cachify is not initialized, did you forget to call `initCachify()`?', options);
  }
}

/**
 * A held lock (or pool slot) was lost before its owner released it; the reason of an aborted
 * `handle.signal`.
 *
 * @see [`signal`: know when the lock is lost](https://cachify.dev/locks/methods/#signal-know-when-the-lock-is-lost) in the guide
 */
export class CachifyLockLostError extends CachifyError {
  /** `'CachifyLockLostError'`, so logs and `String(error)` name the class. */
  override name = 'CachifyLockLostError';
  /** The key as the user wrote it, without prefix. */
  readonly key: string;
  /** How the lock was lost. */
  readonly reason: LockLossReason;

  /**
   * The reason `handle.signal` aborts with.
   *
   * @param key - The key as the user wrote it.
   * @param reason - How the lock was lost.
   * @param options - Standard error options (`cause`: the failure behind an `'extend-failed'`).
   */
  constructor(key: string, reason: LockLossReason, options?: ErrorOptions) {
    super(`${key} was lost: ${reason}`, options);
    this.key = key;
    this.reason = reason;
  }
}

/**
 * The backend's store could not be reached or failed (e.g. Redis is unreachable), never mistaken
 * for a held lock.
 *
 * @see [The errors you can see](https://cachify.dev/safety/#the-errors-you-can-see) in the guide
 */
export class CachifyBackendError extends CachifyError {
  /** `'CachifyBackendError'`, so logs and `String(error)` name the class. */
  override name = 'CachifyBackendError';
}

/**
 * The pool had no free slot (or the wait for one timed out). Message: `<key> is full (maxSize=<maxSize>)`.
 */
export class CachifyPoolFullError extends CachifyError {
  /** `'CachifyPoolFullError'`, so logs and `String(error)` name the class. */
  override name = 'CachifyPoolFullError';
  /** The pool's key as the user wrote it, without prefix. */
  readonly key: string;
  /** How many holders the pool allows at a time. */
  readonly maxSize: number;

  /**
   * The error for a refused acquisition of a slot of the pool `key`.
   *
   * @param key - The pool's key as the user wrote it.
   * @param maxSize - How many holders the pool allows at a time.
   * @param options - Standard error options (`cause`).
   */
  constructor(key: string, maxSize: number, options?: ErrorOptions) {
    super(`${key} is full (maxSize=${maxSize})`, options);
    this.key = key;
    this.maxSize = maxSize;
  }
}
