import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatArgs, inspect } from '../../src/runtime/format.ts';

// Node's own util.format is the reference: the Worker runner must print what Node prints.
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
const cases: unknown[][] = [
  ['this code is locked'],
  ['token', 1n, 'held', true],
  ['%s is %d years and %i days', 'it', 41.5, 3.9],
  ['100%% sure', 'extra'],
  [{ key: 'cool-async-lock', exp: 30000, nowait: true }],
  [{ nested: { deeper: { deepest: { gone: 1 } } } }],
  [[1, 'two', [3, [4, [5]]]]],
  [null, undefined, Number.NaN, -0],
  [new Map([['a', 1]]), new Set(['x'])],
  [new Point(1, 2)],
  [function named() {}, () => {}, class Klass {}],
  [Symbol('s')],
  ["it's", { quote: "it's" }],
  ['%j', { a: [1, 2] }],
  [Object.create(null)],
  [[]],
  [{}],
  ['%s', { deep: { er: 1 } }],
  [
    {
      key: 'cool-async-lock',
      fencingToken: 12345678901234567890n,
      expiresAt: 1764312000000,
      owner: 'a'.repeat(20),
    },
  ],
  [{ level1: { level2: { level3: { level4: 'deep' } } }, sibling: [1, 2, 3] }],
  [[1, 2, 3, 4, 5, 6, 7]],
  [Array.from({ length: 30 }, (_, i) => i * 37)],
  [Array.from({ length: 150 }, (_, i) => i)],
  [['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']],
  [
    [
      { id: 1, name: 'first order' },
      { id: 2, name: 'second order' },
      { id: 3, name: 'third' },
    ],
  ],
  [
    new Map([
      ['order-1', { status: 'charged', attempts: 1 }],
      ['order-2', { status: 'pending', attempts: 3 }],
    ]),
  ],
  [{ nested: { list: Array.from({ length: 10 }, (_, i) => `item-${i}`) } }],
  [new Set(Array.from({ length: 12 }, (_, i) => i))],
];

describe('console formatting in the Worker runner', () => {
  for (const args of cases) {
    it(`prints ${format(...args).slice(0, 50)} as Node does`, () => {
      expect(formatArgs(args)).toBe(format(...args));
    });
  }

  it('marks circular references instead of recursing forever', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    expect(inspect(loop)).toContain('[Circular *1]');
  });
});
