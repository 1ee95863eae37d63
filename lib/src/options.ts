/**
 * Validation of user options. Bad input fails when a lock, wrapper or instance is created, with a
 * `TypeError` (wrong type) or `RangeError` (wrong value) that names the function and the option.
 *
 * @module
 */
import { checkOptionNames } from './internal/check-options.js';

/**
 * The longest lifetime (`exp`, `ttl`, `extend(ms)`, the instance defaults) in ms:
 * `Number.MAX_SAFE_INTEGER` (2^53 - 1, about 285,000 years). Past it a number of milliseconds is
 * no longer a whole number JavaScript holds exactly; larger still, Redis refuses it (inside a Lua
 * script a number from 1e17 on is written `1e+17`, and `ERR value is not an integer or out of
 * range` follows). For "never", pass `null`.
 */
export const MAX_LIFETIME_MS = Number.MAX_SAFE_INTEGER;

/** Short, safe rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** A non-empty string key. */
export function checkKey(where: string, value: unknown, option = 'key'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(
      `${where}: \`${option}\` must be a non-empty string, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * A wait in ms that may be `null`/`undefined` (no limit): finite and >= 0. Any finite wait is
 * honoured: timers are re-armed past `setTimeout`'s limit of 2^31 - 1 ms (24.8 days).
 */
export function checkTimeout(where: string, value: unknown, option = 'timeout'): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number') {
    throw new TypeError(
      `${where}: \`${option}\` must be a number of milliseconds or null, got ${describeValue(value)}`,
    );
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `${where}: \`${option}\` must be a finite number of milliseconds >= 0 (or null for no limit), got ${value}`,
    );
  }
  return value;
}

/**
 * A lifetime in ms: `undefined` (use the default), `null` (never expires) or a number > 0 and at
 * most {@link MAX_LIFETIME_MS}.
 */
export function checkLifetime(
  where: string,
  value: unknown,
  option: string,
): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number') {
    throw new TypeError(
      `${where}: \`${option}\` must be a number of milliseconds or null, got ${describeValue(value)}`,
    );
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${where}: \`${option}\` must be a finite number of milliseconds > 0 (or null for never), got ${value}`,
    );
  }
  if (value > MAX_LIFETIME_MS) {
    throw new RangeError(
      `${where}: \`${option}\` must be at most ${MAX_LIFETIME_MS} ms (Number.MAX_SAFE_INTEGER, about 285,000 years: the longest lifetime Redis and JavaScript both hold exactly), got ${value}; for no expiry pass null`,
    );
  }
  return value;
}

/** An optional boolean. */
export function checkBoolean(
  where: string,
  value: unknown,
  option: string,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new TypeError(`${where}: \`${option}\` must be a boolean, got ${describeValue(value)}`);
  }
  return value;
}

/** An optional boolean with no default of its own: `undefined` leaves the choice to others. */
export function checkOptionalBoolean(
  where: string,
  value: unknown,
  option: string,
): boolean | undefined {
  return value === undefined ? undefined : checkBoolean(where, value, option, false);
}

/** An optional `AbortSignal`. */
export function checkSignal(where: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const signal = value as AbortSignal | null;
  if (
    signal === null ||
    typeof signal !== 'object' ||
    typeof signal.aborted !== 'boolean' ||
    typeof signal.addEventListener !== 'function'
  ) {
    throw new TypeError(`${where}: \`signal\` must be an AbortSignal, got ${describeValue(value)}`);
  }
  return signal;
}

/** An optional function. */
export function checkOptionalFunction<T>(
  where: string,
  value: unknown,
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw new TypeError(`${where}: \`${option}\` must be a function, got ${describeValue(value)}`);
  }
  return value as T;
}

/**
 * The options argument itself: a plain object whose every own property is one of `known` (a
 * misspelt option throws a `TypeError` naming it and the nearest known name).
 */
export function checkOptionsObject(
  where: string,
  value: unknown,
  known: readonly string[],
): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an options object, got ${describeValue(value)}`);
  }
  checkOptionNames(where, value, known);
  return value as Record<string, unknown>;
}

/** A pool's size: an integer >= 1. */
export function checkMaxSize(where: string, value: unknown, option = 'maxSize'): number {
  if (typeof value !== 'number') {
    throw new TypeError(
      `${where}: \`${option}\` must be an integer >= 1 (how many holders at a time), got ${describeValue(value)}`,
    );
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${where}: \`${option}\` must be an integer >= 1, got ${value}`);
  }
  return value;
}
