/**
 * Instances with different prefixes never see each other's keys: a prefix ends with ':' and holds
 * no ':<kind>:', which makes `<prefix><kind>:<key>` unambiguous.
 */
import { describe, expect, it } from 'vitest';
import { Cachify } from '../src/index.js';
import { checkPrefix, STORAGE_KINDS, storageKey } from '../src/storage-keys.js';

describe('prefixes', () => {
  it("'app:lock:' is refused beside 'app:': it would share app:'s lock keys", () => {
    expect(() => new Cachify({ prefix: 'app:lock:', isGlobal: false })).toThrow(RangeError);
    expect(() => new Cachify({ prefix: 'app:lock:', isGlobal: false })).toThrow(
      `initCachify(): \`prefix\` "app:lock:" contains ':lock:', so its keys could be those of prefix "app:" (its lock keys start with "app:lock:"): a prefix ends with ':' and contains none of ':lock:', ':once:', ':cached:', ':pool:', so that instances with different prefixes never share a key`,
    );
  });

  it.each(['app', '', 'app:once:', 'x:cached:y:', 'a:pool:', '}app:'])(
    '%o is refused',
    (prefix) => {
      expect(() => new Cachify({ prefix, isGlobal: false })).toThrow(RangeError);
    },
  );

  it.each(['app:', 'billing:', 'myapp:cache:', 'lock:', 'tenant-1:locks:', '{tenant}:'])(
    '%o is accepted',
    (prefix) => {
      expect(new Cachify({ prefix, isGlobal: false }).prefix).toBe(prefix);
    },
  );

  it('every kind of every prefix gets its own key (a storage key tells its prefix back)', () => {
    const prefixes = ['app:', 'app:x:', 'lock:', 'a:b:', 'cachify:'];
    const keys = ['x', 'lock:x', 'app:lock:x', 'x:lock:', ''];
    const seen = new Map<string, string>();
    for (const prefix of prefixes) {
      checkPrefix('test', prefix);
      for (const kind of STORAGE_KINDS) {
        for (const key of keys) {
          const built = storageKey(prefix, kind, key);
          const owner = `${prefix} ${kind} ${key}`;
          expect(seen.get(built) ?? owner).toBe(owner);
          seen.set(built, owner);
        }
      }
    }
  });
});
