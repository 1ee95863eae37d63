/**
 * Key templates keep arguments apart: they format only values whose text tells them apart, refuse
 * the rest naming the template and the argument, and never compute an empty key.
 */
import { describe, expect, it } from 'vitest';
import { Cachify, memoryBackend } from '../src/index.js';

function setup() {
  const backend = memoryBackend();
  const cachify = new Cachify({ backend, isGlobal: false, logger: false });
  return { backend, cachify };
}

describe('what a template formats', () => {
  it('two Dates in the same second get different keys, and cached() returns each its own result', async () => {
    const { backend, cachify } = setup();
    const report = cachify.cached({ key: 'report-{0}' }, async (at: Date) => at.getTime());
    const first = new Date('2026-05-01T09:30:00.250Z');
    const second = new Date('2026-05-01T09:30:00.750Z');
    expect(await report(first)).toBe(first.getTime());
    expect(await report(second)).toBe(second.getTime());
    expect(backend.getValueSync('cachify:cached:report-2026-05-01T09:30:00.250Z')).toBe(
      first.getTime(),
    );
  });

  it('formats strings, finite numbers, bigints and booleans as their text', () => {
    const { backend, cachify } = setup();
    const remember = cachify.cached(
      { key: '{0}|{1}|{2}|{3}' },
      (_s: string, _n: number, _b: bigint, _f: boolean) => 1,
    );
    remember('a', 1.5, 12345678901234567890n, false);
    expect(backend.getValueSync('cachify:cached:a|1.5|12345678901234567890|false')).toBe(1);
  });

  it.each([
    [['a', 'b'], 'an array'],
    [{ id: 1 }, 'an object'],
    [Object.assign(Object.create(null), { id: 1 }), 'an object with a null prototype'],
    [new Map(), 'a Map'],
    [undefined, 'undefined'],
    [null, 'null'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Symbol('s'), 'a symbol'],
    [() => 1, 'a function'],
    [new Date(Number.NaN), 'an invalid Date'],
  ])(
    'refuses %o with a TypeError naming the template, the argument and the way out',
    (value, what) => {
      const { cachify } = setup();
      const work = cachify.locked({ key: 'job-{1}' }, (_a: string, _b: unknown) => 'ran');
      expect(() => work('x', value)).toThrow(TypeError);
      expect(() => work('x', value)).toThrow(
        `locked(): key template "job-{1}" cannot be filled: {1} (argument 1) is ${what}. A template formats strings, finite numbers, bigints, booleans and Dates; use a property path like {1.id} or a key function`,
      );
    },
  );

  it("['a', 'b'] and 'a,b' no longer share a key: the array is refused", () => {
    const { cachify } = setup();
    const work = cachify.cached({ key: 'k-{0}' }, (v: unknown) => String(v));
    expect(work('a,b')).toBe('a,b');
    expect(() => work(['a', 'b'])).toThrow(/\{0\} \(argument 0\) is an array/);
  });

  it('a null-prototype object gets the same clear error, not "Cannot convert object to primitive value"', async () => {
    const { cachify } = setup();
    const work = cachify.once({ key: 'k-{0}' }, async (_v: object) => 1);
    await expect(work(Object.create(null))).rejects.toThrow(
      /key template "k-\{0\}" cannot be filled: \{0\} \(argument 0\) is an object with a null prototype/,
    );
  });

  it('a value reached by a path is checked the same way', () => {
    const { cachify } = setup();
    const work = cachify.locked({ key: 'u-{0.tags}' }, (_u: { tags: string[] }) => 1);
    expect(() => work({ tags: ['a'] })).toThrow(
      /\{0\.tags\} \(argument 0, property tags\) is an array/,
    );
  });
});

describe('a key is never empty', () => {
  it('an empty-string argument that would make the whole key empty throws naming the template', () => {
    const { cachify } = setup();
    const work = cachify.locked({ key: '{0}' }, (_name: string) => 1);
    expect(work('x')).toBe(1);
    expect(() => work('')).toThrow(TypeError);
    expect(() => work('')).toThrow(
      'locked(): key template "{0}" gave an empty key for these arguments (an empty string fills it): a key is never empty',
    );
  });

  it('an empty argument beside literal text is fine: the key is not empty', () => {
    const { cachify } = setup();
    const work = cachify.locked({ key: 'user-{0}' }, (_name: string) => 1);
    expect(work('')).toBe(1);
  });
});

describe('when a bad path is caught', () => {
  it('{0.idd} cannot be caught when the wrapper is created (the arguments are needed), only at the first call, before anything is locked', async () => {
    const { backend, cachify } = setup();
    let ran = 0;
    // Creating the wrapper succeeds: nothing tells yet what the argument will hold.
    const work = cachify.locked({ key: 'order-{0.idd}' }, async (_order: { id: number }) => {
      ran += 1;
    });
    await expect(work({ id: 7 })).rejects.toThrow(
      'locked(): key template "order-{0.idd}" cannot be filled: {0.idd} (argument 0, property idd) is undefined. A template formats strings, finite numbers, bigints, booleans and Dates; use a property path like {0.id} or a key function',
    );
    expect(ran).toBe(0);
    expect(backend.stats().heldLocks).toBe(0);
  });

  it('a placeholder past the declared parameters is caught when the wrapper is created', () => {
    const { cachify } = setup();
    expect(() => cachify.locked({ key: 'order-{1}' }, async (_id: number) => 1)).toThrow(
      RangeError,
    );
  });
});
