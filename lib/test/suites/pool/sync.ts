/**
 * The pool suite: the sync forms (`acquireSync`, `using`, `runSync`, sync `pooled`), for backends
 * with `*Sync` operations.
 */
import { describe, expect, it } from 'vitest';
import { CachifyPoolFullError } from '../../../src/index.js';
import type { SetupTestInstance } from '../suite-setup.js';

/** Registers the tests of the sync forms. */
export function describeSyncForms(setup: SetupTestInstance): void {
  describe('sync forms', () => {
    it('using gives back a slot taken with acquireSync at the end of the block', () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'worker-pool', maxSize: 2 });
      {
        using slot = workers.acquireSync();
        expect(slot.held).toBe(true);
        expect(workers.sizeSync()).toBe(1);
      }
      expect(workers.sizeSync()).toBe(0);
    });

    it('acquireSync on a full pool throws "<key> is full (maxSize=<n>)" and logs it once', () => {
      const { cachify, logger } = setup();
      using _slot = cachify.pool({ key: 'k', maxSize: 1 }).acquireSync();
      expect(() => cachify.pool({ key: 'k', maxSize: 1 }).acquireSync()).toThrow(
        new CachifyPoolFullError('k', 1),
      );
      expect(logger.warnings).toEqual(['k is full (maxSize=1)']);
    });

    it('acquireSync with nowait: false blocks until a slot expires, or gives up after timeout', () => {
      const { cachify, logger } = setup();
      const hung = cachify.pool({ key: 'block', maxSize: 1, slotExp: 150 }).acquireSync();
      const slot = cachify
        .pool({ key: 'block', maxSize: 1, nowait: false, timeout: 4000 })
        .acquireSync();
      expect(Date.now()).toBeGreaterThanOrEqual(hung.expiresAt ?? 0);
      expect(hung.releaseSync()).toBe(false);
      expect(() =>
        cachify.pool({ key: 'block', maxSize: 1, nowait: false, timeout: 100 }).acquireSync(),
      ).toThrow('block is full (maxSize=1)');
      expect(logger.warnings).toEqual(['block is full (maxSize=1)']);
      expect(slot.releaseSync()).toBe(true);
    });

    it('acquireSync refuses to wait forever for slots nothing can free', () => {
      const { cachify } = setup();
      using _slot = cachify.pool({ key: 'deadlock', maxSize: 1, slotExp: null }).acquireSync();
      expect(() =>
        cachify.pool({ key: 'deadlock', maxSize: 1, nowait: false }).acquireSync(),
      ).toThrow(/would wait forever/);
    });

    it('runSync, sizeSync and extendSync', () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'sync-run', maxSize: 2, slotExp: 1000 });
      expect(workers.runSync((slot) => (slot.held ? workers.sizeSync() : -1))).toBe(1);
      expect(workers.sizeSync()).toBe(0);
      const slot = workers.acquireSync();
      const before = slot.expiresAt ?? 0;
      expect(slot.extendSync(5000)).toBe(true);
      expect(slot.expiresAt ?? 0).toBeGreaterThan(before);
      expect(slot.releaseSync()).toBe(true);
      expect(slot.extendSync()).toBe(false);
    });

    it('a sync pooled function stays sync: no promise, onFull returned as is', () => {
      const { cachify } = setup();
      const resize = cachify.pooled(
        { key: 'resize', maxSize: 1, onFull: () => -1 },
        (width: number): number =>
          // Inside the call its slot is taken, so a nested call finds the pool full.
          width === 0 ? resize(1) : width * 2,
      );
      expect(resize(320)).toBe(640);
      expect(resize(0)).toBe(-1);
      expect(resize.sizeSync(0)).toBe(0);
    });
  });
}
