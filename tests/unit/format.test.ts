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
