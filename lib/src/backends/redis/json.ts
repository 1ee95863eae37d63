/**
 * How cached values are kept in Redis: as JSON text, readable from any language (and from
 * `redis-cli`). A `cached` wrapper's `encode` shapes the value before it becomes JSON; `decode`
 * receives what the JSON text parses to.
 *
 * @module
 */

/** The JSON text of `value`, or a `TypeError` saying why it has none. */
export function toJson(value: unknown): string {
  if (value instanceof Uint8Array) {
    throw new TypeError(
      'cached: the Redis backend stores values as JSON, and bytes have no JSON form; have `encode` return a string (e.g. base64) instead',
    );
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `cached: the value cannot be stored as JSON (${(error as Error).message}); pass \`encode\` and \`decode\` to store it in another form`,
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new TypeError(
      `cached: a value of type ${typeof value} cannot be stored as JSON; pass \`encode\` and \`decode\` to store it in another form`,
    );
  }
  return text;
}

/** The value whose JSON text is `text`; `undefined` (a miss) for text that is not JSON. */
export function fromJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not written by this backend (or by an older format): recomputing overwrites it.
    return undefined;
  }
}
