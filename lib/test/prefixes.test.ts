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

  it('two storage keys are equal only for the same prefix, kind and key (every accepted prefix of up to three pieces)', () => {
    const pieces = ['a', ':', 'lock', 'once', 'cached', 'pool', '-'];
    let level = [''];
    const all = new Set(level);
    for (let length = 1; length <= 3; length++) {
      level = level.flatMap((text) => pieces.map((piece) => text + piece));
      for (const text of level) all.add(text);
    }
    const strings = [...all];
    const prefixes = strings
      .map((name) => `${name}:`)
      .filter((prefix) => {
        try {
          checkPrefix('test', prefix);
          return true;
        } catch {
          return false;
        }
      });
    const keys = strings.filter((key) => key.length <= 10);
    expect(prefixes).toContain('a:');
    expect(prefixes).not.toContain('a:lock:');
    // About half a million keys: collisions are collected and asserted once, as one `expect`
    // per key would cost most of the test's time.
    const seen = new Map<string, string>();
    const collisions: string[] = [];
    for (const prefix of prefixes) {
      for (const kind of STORAGE_KINDS) {
        for (const key of keys) {
          const storage = storageKey(prefix, kind, key);
          const owner = `${JSON.stringify(prefix)} ${kind} ${JSON.stringify(key)}`;
          const earlier = seen.get(storage);
          if (earlier !== undefined) collisions.push(`${storage}: ${earlier} and ${owner}`);
          seen.set(storage, owner);
        }
      }
    }
    expect(collisions.length, collisions.slice(0, 5).join('\n')).toBe(0);
  });
});
