/**
 * The options of `pool()`, their names and their checks: apart from the `Pool` class, so that
 * `pooled()` (which `Pool` uses for `pool.pooled()`) can import them without an import cycle.
 *
 * @module
 */
import type { AcquireOptions } from './internal/acquire.js';
import {
  checkBoolean,
  checkKey,
  checkLifetime,
  checkMaxSize,
  checkOptionalBoolean,
  checkOptionsObject,
  checkSignal,
  checkTimeout,
} from './options.js';

/** Options of `pool()`. */
export interface PoolOptions {
  /** The pool's name: a non-empty string, used literally (templates belong to `pooled`). */
  key: string;
  /** How many holders the pool allows at a time: an integer >= 1. */
  maxSize: number;
  /**
   * Milliseconds a slot lives once acquired; after that it stops counting and its place is free
   * for others even if never released. `undefined` (default): the instance's
   * `defaultPoolSlotExpiration` (600000, py-cachify's 600 s). `null`: never expires.
   */
  slotExp?: number | null;
  /**
   * `true` (default): one attempt; a full pool throws `CachifyPoolFullError` at once.
   * `false`: wait for a free slot, first come first served, up to `timeout`.
   */
  nowait?: boolean;
  /**
   * With `nowait: false`: the longest wait in milliseconds before giving up with
   * `CachifyPoolFullError`. `undefined` / `null` (default): wait as long as it takes.
   */
  timeout?: number | null;
  /** Cancels waiting: the acquisition rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Renew a held slot at a third of `slotExp` for as long as it is held, so that long work keeps
   * it. A failed renewal aborts `slot.signal`. Default: the backend's `autoExtend` (`false` for
   * the memory backend).
   */
  autoExtend?: boolean;
}

/** Options a pool was created with, checked. */
export interface ResolvedPoolOptions extends AcquireOptions {
  readonly maxSize: number;
  readonly slotExp: number | null | undefined;
}

/** The names of {@link PoolOptions}. */
export const POOL_OPTION_NAMES: readonly string[] = [
  'key',
  'maxSize',
  'slotExp',
  'nowait',
  'timeout',
  'signal',
  'autoExtend',
];

/** Checks `pool()` options; `where` names the function for error messages. */
export function resolvePoolOptions(where: string, options: unknown): ResolvedPoolOptions {
  const o = checkOptionsObject(where, options, POOL_OPTION_NAMES);
  return {
    key: checkKey(where, o.key),
    maxSize: checkMaxSize(where, o.maxSize),
    slotExp: checkLifetime(where, o.slotExp, 'slotExp'),
    nowait: checkBoolean(where, o.nowait, 'nowait', true),
    timeout: checkTimeout(where, o.timeout),
    signal: checkSignal(where, o.signal),
    autoExtend: checkOptionalBoolean(where, o.autoExtend, 'autoExtend'),
  };
}
