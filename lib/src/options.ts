/**
 * Validation of user options. Bad input fails when a lock, wrapper or instance is created, with a
 * `TypeError` (wrong type) or `RangeError` (wrong value) that names the function and the option.
 *
 * @module
 */

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

/** A duration in ms that may be `null`/`undefined` (no limit): finite and >= 0. */
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
 * A lifetime in ms: `undefined` (use the default), `null` (never expires) or a finite number > 0.
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

/** The options argument itself: a plain object. */
export function checkOptionsObject(where: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an options object, got ${describeValue(value)}`);
  }
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
