/**
 * What cached() stores comes back as it was, or storing it fails at once: the memory backend
 * refuses exactly what the Redis backend (JSON text) could not give back, so code that works in
 * memory works on Redis. (The same values on Redis: test/redis/strict-inputs.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { Cachify, memoryBackend } from '../src/index.js';
import { KEPT, REFUSED } from './fixtures/stored-values.js';

describe('cached() on the memory backend refuses what JSON would change', () => {
  it.each(REFUSED)(
    '%s: the call throws a TypeError naming its path and type, and nothing is stored',
    async (_label, value, path, what) => {
      const backend = memoryBackend();
      const cachify = new Cachify({ backend, isGlobal: false, logger: false });
      let calls = 0;
      const load = cachify.cached({ key: 'v' }, async () => {
        calls += 1;
        return value;
      });
      const failure = load();
      await expect(failure).rejects.toThrow(TypeError);
      await expect(failure).rejects.toThrow(
        `cached(): cannot store the result: ${path} is ${what}, which JSON (the stored form, in memory as on Redis) would not give back as it was. Pass \`encode\` and \`decode\``,
      );
      expect(backend.getValueSync('cachify:cached:v')).toBeUndefined();
      // Nothing was cached: the next call computes again (and fails again).
      await expect(load()).rejects.toThrow(TypeError);
      expect(calls).toBe(2);
    },
  );

  it('a sync function throws the same error at the call', () => {
    const cachify = new Cachify({ isGlobal: false, logger: false });
    const load = cachify.cached({ key: 'v' }, () => new Map());
    expect(load).toThrow(/cannot store the result: result is a Map/);
  });

  it.each(KEPT)('%s is stored and comes back equal', async (_label, value) => {
    const cachify = new Cachify({ isGlobal: false, logger: false });
    let calls = 0;
    const load = cachify.cached({ key: 'v' }, async () => {
      calls += 1;
      return value;
    });
    expect(await load()).toEqual(value);
    expect(await load()).toEqual(value);
    expect(calls).toBe(1);
  });

  it('encode and decode store any value as JSON values', async () => {
    const cachify = new Cachify({ isGlobal: false, logger: false });
    let calls = 0;
    const load = cachify.cached(
      {
        key: 'm',
        encode: (map) => [...map],
        decode: (entries) => new Map(entries as Array<[string, number]>),
      },
      async () => {
        calls += 1;
        return new Map([['a', 1]]);
      },
    );
    expect(await load()).toEqual(new Map([['a', 1]]));
    expect(await load()).toEqual(new Map([['a', 1]]));
    expect(calls).toBe(1);
  });

  it('what encode returns must be JSON values too', async () => {
    const cachify = new Cachify({ isGlobal: false, logger: false });
    const load = cachify.cached(
      { key: 'd', encode: (value) => ({ at: value }) },
      async () => new Date(0),
    );
    await expect(load()).rejects.toThrow(
      'cached(): cannot store what `encode` returned: encoded.at is a Date, which JSON (the stored form, in memory as on Redis) would not give back as it was. Have `encode` return JSON values',
    );
  });
});
