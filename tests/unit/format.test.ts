import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatArgs } from '../../src/runtime/format.ts';

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
  // Cases a hand-written imitation got wrong; Node's own formatter gets them right.
  [new Uint8Array([1, 2, 3]), new Float64Array([0.5, -0])],
  [Buffer.from('lock')],
  [
    {
      get token() {
        return 42;
      },
      set owner(_value: string) {},
    },
  ],
  [new Map<unknown, unknown>([[{ key: 'a' }, new Set([1, 2])]]), new WeakMap()],
  [
    new (class Lock {
      readonly key = 'orders';
      #secret = 1;
    })(),
  ],
  [new (class Empty {})()],
  [Object.assign(Object.create(null), { bare: true })],
  [new Error('lock lost')],
  [new Error('release failed', { cause: new TypeError('connection closed') })],
  [Object.assign(new RangeError('too long'), { code: 'E_TTL', ttl: 0 })],
  [new AggregateError([new Error('one'), new Error('two')], 'both failed')],
  [new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), new Date(Number.NaN), /lock-\d+/giu],
  ['%o', { nested: { list: [1, 2] } }],
  ['%O %s %d', { a: 1 }, 7n, '12'],
  ['%c styled %s', 'color: red', 'text'],
  ['%i %f', '42.9px', '3.5e2'],
  [['a\nb', "it's", `"q"`, '`b`']],
  [Array.from({ length: 4 }), Object.assign(new Array(3), { 0: 1, 2: 3 })],
  [{ a: 1, 'needs-quote': 2, 3: 'numeric' }],
  [new Proxy({ target: true }, {})],
  [Object.freeze({ frozen: [{ deep: { deeper: { deepest: 1 } } }] })],
  [-0, 0n, Infinity, -Infinity, 1e21, 0.1 + 0.2],
  [function* generate() {}, async () => {}, async function* stream() {}],
  [Object.assign(() => {}, { extra: 'prop' })],
  [new Boolean(true), new String('boxed'), new Number(3)],
  [Symbol.for('registered'), Symbol()],
  [new URLSearchParams('a=1&b=2')],
];

describe('console formatting in the Worker runner', () => {
  for (const args of cases) {
    it(`prints ${format(...args).slice(0, 50)} as Node does`, () => {
      expect(formatArgs(args)).toBe(format(...args));
    });
  }

  it('marks circular references as Node does', () => {
    const loop: Record<string, unknown> = { name: 'loop', list: [] };
    loop.self = loop;
    (loop.list as unknown[]).push(loop);
    expect(formatArgs([loop])).toBe(format(loop));
  });
});
