import { describeValue } from './options.js';

/**
 * Where `cachify` reports what users should know: `warn`, called for each failed lock acquisition
 * (and so for each skipped `once` call) with the same `<key> is already locked!` line the error
 * carries. `console` fits; so do pino, winston and most other loggers.
 *
 * @example
 * ```ts
 * initCachify({ logger: { warn: (message) => log.info(message) } });
 * ```
 * @see [In production: `logger`](https://cachify.dev/getting-started/run-locally/#in-production-logger) in the guide
 */
export interface CachifyLogger {
  /**
   * Called with one line per failed acquisition.
   *
   * @param message - `<key> is already locked!`, the message of the `CachifyLockError`.
   */
  warn(message: string): void;
}

/** Checks the `logger` option: a logger, `false` (silent) or `undefined` (`console`). */
export function resolveLogger(where: string, value: unknown): CachifyLogger | null {
  if (value === undefined) return console;
  if (value === false) return null;
  const logger = value as CachifyLogger | null;
  if (logger === null || typeof logger !== 'object' || typeof logger.warn !== 'function') {
    throw new TypeError(
      `${where}: \`logger\` must be an object with a warn(message) method, or false, got ${describeValue(value)}`,
    );
  }
  return logger;
}
