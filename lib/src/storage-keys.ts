/**
 * Storage keys: where a lock, a `once` run, a pool or a cached value of one instance lives in the
 * store. Every storage key is built here, as `<prefix><kind>:<key>` (`cachify:lock:orders`).
 *
 * Prefixes follow one rule, checked by `initCachify`, that makes the shape unambiguous: a prefix
 * ends with `:` and holds no `:<kind>:` (`:lock:`, `:once:`, `:cached:`, `:pool:`). Then the
 * first `:<kind>:` of a storage key always ends its prefix, so two instances with different
 * prefixes never share a key. (`app:` and `app:lock:` would: `app:lock:lock:x` is both
 * `app:`'s lock `lock:x` and `app:lock:`'s lock `x`; so `app:lock:` is refused.)
 *
 * @module
 */
import { describeValue } from './options.js';

/**
 * What a storage key holds: a `lock()` / `locked()` lock, a `once()` run, a `cached()` value, a
 * pool's slots.
 */
export type StorageKind = 'lock' | 'once' | 'cached' | 'pool';

/** Every {@link StorageKind}: a prefix may not contain any of them between colons. */
export const STORAGE_KINDS: readonly StorageKind[] = ['lock', 'once', 'cached', 'pool'];

/** The storage key of `key` (as the user wrote it, or as a template computed it). */
export function storageKey(prefix: string, kind: StorageKind, key: string): string {
  return `${prefix}${kind}:${key}`;
}

/**
 * Checks the `prefix` option of `initCachify`: it ends with `:`, holds no `:<kind>:` (see the
 * module comment), and does not start with `}` (the Redis backend wraps a lock's storage key in
 * `{...}`, the hash tag that keeps its keys in one Redis Cluster slot; a leading `}` would empty it).
 */
export function checkPrefix(where: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${where}: \`prefix\` must be a string, got ${describeValue(value)}`);
  }
  const rule =
    "a prefix ends with ':' and contains none of ':lock:', ':once:', ':cached:', ':pool:', so that instances with different prefixes never share a key";
  if (!value.endsWith(':')) {
    throw new RangeError(
      `${where}: \`prefix\` must end with ':' (e.g. ${JSON.stringify(`${value || 'app'}:`)}), got ${JSON.stringify(value)}: ${rule}`,
    );
  }
  const kind = STORAGE_KINDS.find((name) => value.includes(`:${name}:`));
  if (kind !== undefined) {
    const shorter = value.slice(0, value.indexOf(`:${kind}:`) + 1);
    throw new RangeError(
      `${where}: \`prefix\` ${JSON.stringify(value)} contains ':${kind}:', so its keys could be those of prefix ${JSON.stringify(shorter)} (its ${kind} keys start with ${JSON.stringify(`${shorter}${kind}:`)}): ${rule}`,
    );
  }
  if (value.startsWith('}')) {
    throw new RangeError(
      `${where}: \`prefix\` must not start with '}' (it would empty the Redis Cluster hash tag that keeps a lock's keys in one slot), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
