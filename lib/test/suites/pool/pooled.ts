/**
 * The pool suite: functions wrapped by `pooled()` and `pool.pooled()`.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../../tests/support/common.js';
import { CachifyPoolFullError } from '../../../src/index.js';
import type { SetupTestInstance } from '../suite-setup.js';

/** Registers the tests of `pooled()`. */
export function describePooled(setup: SetupTestInstance): void {
  describe('pooled()', () => {
    it('at most maxSize calls per key run at once; a call that finds the pool full returns onFull(...args)', async () => {
      const { cachify, logger } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const exportData = cachify.pooled(
        { key: 'export-{0}', maxSize: 2, onFull: (user: string) => `${user}: busy` },
        async (user: string) => {
          await gate;
          return `${user}: ready`;
        },
      );
      const calls = [exportData('ann'), exportData('ann')];
      await waitFor(async () => (await exportData.size('ann')) === 2);
      expect(await exportData('ann')).toBe('ann: busy');
      expect(await exportData.size('bob')).toBe(0);
      expect(logger.warnings).toEqual(['export-ann is full (maxSize=2)']);
      const bob = exportData('bob');
      release();
      expect(await Promise.all([...calls, bob])).toEqual([
        'ann: ready',
        'ann: ready',
        'bob: ready',
      ]);
      expect(await exportData.size('ann')).toBe(0);
    });

    it('onFull defaults to returning undefined; raiseOnFull throws CachifyPoolFullError', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const quiet = cachify.pooled({ key: 'quiet', maxSize: 1 }, async () =>
        gate.then(() => 'ran'),
      );
      const loud = cachify.pooled({ key: 'loud', maxSize: 1, raiseOnFull: true }, async () =>
        gate.then(() => 'ran'),
      );
      const running = [quiet(), loud()];
      await waitFor(async () => (await quiet.size()) === 1 && (await loud.size()) === 1);
      expect(await quiet()).toBeUndefined();
      await expect(loud()).rejects.toThrow(new CachifyPoolFullError('loud', 1));
      release();
      expect(await Promise.all(running)).toEqual(['ran', 'ran']);
    });

    it('an error thrown by the function is passed on, not mistaken for a full pool, and frees the slot', async () => {
      const { cachify } = setup();
      const task = cachify.pooled({ key: 'throws', maxSize: 1, onFull: () => 'full' }, async () => {
        throw new CachifyPoolFullError('inner', 9);
      });
      await expect(task()).rejects.toThrow('inner is full (maxSize=9)');
      expect(await task.size()).toBe(0);
    });

    it('pool.pooled() binds functions to one pool, which they share', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const partnerApi = cachify.pool({ key: 'partner-api', maxSize: 2 });
      const quote = partnerApi.pooled(
        { onFull: (item: string) => `${item}: busy` },
        async (item: string) => gate.then(() => `quote ${item}`),
      );
      const stock = partnerApi.pooled(
        { onFull: (item: string) => `${item}: busy` },
        async (item: string) => gate.then(() => `stock ${item}`),
      );
      const running = [quote('lamp'), stock('lamp')];
      await waitFor(async () => (await partnerApi.size()) === 2);
      expect(await stock('desk')).toBe('desk: busy');
      expect(await quote.size()).toBe(2);
      release();
      expect(await Promise.all(running)).toEqual(['quote lamp', 'stock lamp']);
    });

    it('keeps `this` for methods', async () => {
      const { cachify } = setup();
      class Exporter {
        done = 0;
        run = cachify.pooled(
          { key: 'export', maxSize: 1 },
          async function (this: Exporter, n: number) {
            this.done += n;
            return this.done;
          },
        );
      }
      const exporter = new Exporter();
      expect(await exporter.run(2)).toBe(2);
      expect(await exporter.run(3)).toBe(5);
    });
  });
}
