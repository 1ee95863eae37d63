/**
 * The lock suite: the sync forms (`acquireSync`, `using`, `runSync`, sync wrappers), for backends
 * with `*Sync` operations. They run on real time: a blocked thread cannot move a fake clock.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CachifyLockError } from '../../../src/index.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of the sync forms. */
export function describeSyncForms({ name, setup }: LockSuiteContext): void {
  describe(`${name}: sync forms`, () => {
    // Blocking waits sleep the thread itself, which no fake clock can move.
    beforeEach(() => {
      vi.useRealTimers();
    });

    it('using releases a lock taken with acquireSync at the end of the block', () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'cool-sync-lock' });
      {
        using held = lock.acquireSync();
        expect(held.held).toBe(true);
        expect(lock.isLockedSync()).toBe(true);
      }
      expect(lock.isLockedSync()).toBe(false);
    });

    it('acquireSync on a held key throws "<key> is already locked!" and logs it once', () => {
      const { cachify, logger } = setup();
      using _held = cachify.lock({ key: 'k' }).acquireSync();
      expect(() => cachify.lock({ key: 'k' }).acquireSync()).toThrow(new CachifyLockError('k'));
      expect(logger.warnings).toEqual(['k is already locked!']);
    });

    it('acquireSync with nowait: false blocks until the holder expires', () => {
      const { cachify, logger } = setup();
      const outer = cachify.lock({ key: 'block', exp: 150 }).acquireSync();
      const inner = cachify.lock({ key: 'block', nowait: false, timeout: 4000 }).acquireSync();
      expect(inner.held).toBe(true);
      expect(Date.now()).toBeGreaterThanOrEqual(outer.expiresAt ?? 0);
      expect(outer.releaseSync()).toBe(false);
      expect(inner.releaseSync()).toBe(true);
      expect(logger.warnings).toEqual([]);
    });

    it('acquireSync with nowait: false gives up after timeout with the same error', () => {
      const { cachify, logger } = setup();
      using _outer = cachify.lock({ key: 'block-timeout', exp: 10_000 }).acquireSync();
      expect(() =>
        cachify.lock({ key: 'block-timeout', nowait: false, timeout: 100 }).acquireSync(),
      ).toThrow('block-timeout is already locked!');
      expect(logger.warnings).toEqual(['block-timeout is already locked!']);
    });

    it('acquireSync refuses to wait forever for a lock nothing can release', () => {
      const { cachify } = setup();
      using _outer = cachify.lock({ key: 'deadlock', exp: null }).acquireSync();
      expect(() => cachify.lock({ key: 'deadlock', nowait: false }).acquireSync()).toThrow(
        /would wait forever/,
      );
    });

    it('acquireSync with an aborted signal throws its reason and takes nothing', () => {
      const { cachify } = setup();
      const controller = new AbortController();
      controller.abort(new Error('cancelled'));
      const lock = cachify.lock({ key: 'sync-aborted', signal: controller.signal });
      expect(() => lock.acquireSync()).toThrow('cancelled');
      expect(lock.isLockedSync()).toBe(false);
    });

    it('runSync, isLockedSync, releaseSync (force) and extendSync', () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'sync-run', exp: 1000 });
      expect(lock.runSync((held) => (held.held ? 'held' : 'not'))).toBe('held');
      expect(lock.isLockedSync()).toBe(false);
      const held = lock.acquireSync();
      const before = held.expiresAt ?? 0;
      expect(held.extendSync(5000)).toBe(true);
      expect(held.expiresAt ?? 0).toBeGreaterThan(before);
      expect(lock.releaseSync()).toBe(true);
      expect(held.signal.aborted).toBe(true);
      expect(held.releaseSync()).toBe(false);
      expect(held.extendSync()).toBe(false);
    });

    it('sync wrappers stay sync', () => {
      const { cachify } = setup();
      const add = cachify.locked({ key: 'add-{0}' }, (a: number, b: number) => a + b);
      expect(add(1, 2)).toBe(3);
      expect(add.isLockedSync(1, 2)).toBe(false);
      let calls = 0;
      const square = cachify.cached({ key: 'sq-{0}' }, (n: number) => {
        calls += 1;
        return n * n;
      });
      expect(square(5)).toBe(25);
      expect(square(5)).toBe(25);
      expect(calls).toBe(1);
      square.resetSync(5);
      expect(square(5)).toBe(25);
      expect(calls).toBe(2);
      const task = cachify.once({ key: 'task', returnOnLocked: 'busy' }, (): string => {
        const nested: string = task();
        return `outer, nested: ${nested}`;
      });
      expect(task()).toBe('outer, nested: busy');
    });

    it('a sync cached function stores what encode returns and returns what decode gives', () => {
      const { cachify } = setup();
      const encoded: string[] = [];
      const range = cachify.cached(
        {
          key: 'range-{0}',
          encode: (numbers) => {
            const text = numbers.join(',');
            encoded.push(text);
            return text;
          },
          decode: (stored) => String(stored).split(',').map(Number),
        },
        (n: number) => [n, n + 1],
      );
      expect(range(1)).toEqual([1, 2]);
      expect(range(1)).toEqual([1, 2]);
      expect(encoded).toEqual(['1,2']);
    });

    it('a sync locked function holds its lock while it runs', () => {
      const { cachify } = setup();
      const work = cachify.locked({ key: 'reentry' }, (): string => {
        try {
          return `inner ${work()}`;
        } catch (error) {
          return (error as Error).message;
        }
      });
      expect(work()).toBe('reentry is already locked!');
    });
  });
}
