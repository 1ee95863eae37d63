/**
 * The default codec of `cached` on Redis: JSON text, so cached values are readable from any
 * language (and from `redis-cli`).
 *
 * @module
 */
import type { ValueCodec } from '../backend.js';

/** Encodes values as JSON text and decodes them back. */
export const jsonCodec: ValueCodec = {
  encode(value: unknown): string {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new TypeError(
        `cached: the value cannot be stored as JSON (${(error as Error).message}); pass \`encode\` and \`decode\` to store it another way`,
        { cause: error },
      );
    }
    if (text === undefined) {
      throw new TypeError(
        `cached: a value of type ${typeof value} cannot be stored as JSON; pass \`encode\` and \`decode\` to store it another way`,
      );
    }
    return text;
  },
  decode(stored: unknown): unknown {
    const text =
      typeof stored === 'string' ? stored : new TextDecoder().decode(stored as Uint8Array);
    return JSON.parse(text);
  },
};
