/**
 * The Redis backend: locks shared by every process that talks to one Redis.
 *
 * @module
 */

/** Options of {@link redisBackend}. */
export interface RedisBackendOptions {
  /** Default for the `autoExtend` option of locks on this backend. Default: `false`. */
  readonly autoExtend?: boolean;
}
