/**
 * What locks, pools and wrappers need of a `cachify` instance, and nothing more: so that they
 * depend on this small object rather than on the `Cachify` class (which builds one per instance).
 *
 * @module
 */
import type { LockBackend } from './backends/backend.js';
import type { CachifyLogger } from './logger.js';

/** Lifetimes used where an option is not given, in ms; `null` = never expires. */
export interface ScopeDefaults {
  /** Of a lock without `exp`. */
  readonly lockExpiration: number | null;
  /** Of a cached value without `ttl`. */
  readonly cacheTtl: number | null;
  /** Of a pool slot without `slotExp`. */
  readonly poolSlotExpiration: number | null;
}

/**
 * @internal One instance's backend, key prefix, defaults and logger. One object per instance, so
 * that a lock may remember the storage key it built for it.
 */
export interface CachifyScope {
  /** Where locks, slots and cached values live. */
  readonly backend: LockBackend;
  /** Starts every storage key. */
  readonly prefix: string;
  readonly defaults: ScopeDefaults;
  /** Where failed acquisitions are reported; `null` when silenced. */
  readonly logger: CachifyLogger | null;
}

/**
 * @internal Resolves the scope when a lock, pool or wrapper is used, not when it is created: the
 * global instance may be set up later.
 */
export type ScopeSource = () => CachifyScope;
