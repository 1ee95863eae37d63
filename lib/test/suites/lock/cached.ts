/**
 * The lock suite: functions wrapped by `cached()`, and wrappers stacked on each other.
 */
import { describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../../../tests/support/common.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of `cached()`. */
export function describeCached({ setup }: LockSuiteContext): void {
  describe('cached()', () => {
    it('caches results per key; reset() forgets one key', async () => {
      const { cachify } = setup();
      const calls: number[] = [];
      const square = cachify.cached({ key: 'sq-{0}' }, async (n: number) => {
        calls.push(n);
        return n * n;
      });
      expect(await square(3)).toBe(9);
      expect(await square(3)).toBe(9);
      expect(await square(4)).toBe(16);
      expect(calls).toEqual([3, 4]);
      await square.reset(3);
      expect(await square(3)).toBe(9);
      expect(await square(4)).toBe(16);
      expect(calls).toEqual([3, 4, 3]);
    });

    it('concurrent misses of one key compute once', async () => {
      const { cachify } = setup();
      let computations = 0;
      const slow = cachify.cached({ key: 'slow' }, async () => {
        computations += 1;
        await sleep(30);
        return { value: 'v' };
      });
      const results = await Promise.all([slow(), slow(), slow(), slow()]);
      expect(computations).toBe(1);
      expect(results.map((r) => r.value)).toEqual(['v', 'v', 'v', 'v']);
    });

    it('undefined is never a hit', async () => {
      const { cachify } = setup();
      let calls = 0;
      const nothing = cachify.cached({ key: 'nothing' }, async () => {
        calls += 1;
        return undefined;
      });
      await nothing();
      await nothing();
      expect(calls).toBe(2);
    });

    it('a failed computation is not cached, and every concurrent caller sees the error', async () => {
      const { cachify } = setup();
      let calls = 0;
      const flaky = cachify.cached({ key: 'flaky' }, async () => {
        calls += 1;
        await sleep(10);
        if (calls === 1) throw new Error('first fails');
        return 'ok';
      });
      const results = await Promise.allSettled([flaky(), flaky()]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(await flaky()).toBe('ok');
      expect(calls).toBe(2);
    });

    it('ttl expires a result', async () => {
      const { cachify } = setup();
      let calls = 0;
      // A ttl long enough for the second call to come first on a busy machine (a cluster round
      // trip there can take longer than 100 ms).
      const fresh = cachify.cached({ key: 'ttl', ttl: 1000 }, async () => {
        calls += 1;
        return calls;
      });
      expect(await fresh()).toBe(1);
      expect(await fresh()).toBe(1);
      await waitFor(async () => (await fresh()) === 2, 5000, 'the cached value to expire');
      expect(calls).toBe(2);
    });

    it('encode / decode turn values into what the store keeps and back', async () => {
      const { cachify } = setup();
      class Point {
        constructor(
          readonly x: number,
          readonly y: number,
        ) {}
      }
      const encoded: unknown[] = [];
      const point = cachify.cached(
        {
          key: 'point-{0}',
          // A string: what every store can keep.
          encode: (p) => {
            const text = `${p.x},${p.y}`;
            encoded.push(text);
            return text;
          },
          decode: (stored) => {
            const [x, y] = String(stored).split(',').map(Number);
            return new Point(x, y);
          },
        },
        async (n: number) => new Point(n, n + 1),
      );
      const first = await point(1);
      const second = await point(1);
      expect(first).toBeInstanceOf(Point);
      expect(second).toBeInstanceOf(Point);
      expect(second).toEqual(new Point(1, 2));
      expect(encoded).toEqual(['1,2']);
    });

    it('stacked wrappers pass reset / isLocked outwards', async () => {
      const { cachify } = setup();
      const inner = cachify.locked({ key: 'stack-{0}' }, async (n: number) => n + 1);
      const outer = cachify.cached({ key: 'stack-{0}' }, inner);
      expect(await outer(1)).toBe(2);
      expect(typeof outer.reset).toBe('function');
      expect(await outer.isLocked(1)).toBe(false);
      await outer.reset(1);
    });
  });
}
