/**
 * The lock suite: functions wrapped by `once()`.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../../tests/support/common.js';
import { CachifyLockError } from '../../../src/index.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of `once()`. */
export function describeOnce({ setup }: LockSuiteContext): void {
  describe('once()', () => {
    it('while a call runs, another call with the key returns returnOnLocked', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const task = cachify.once(
        { key: 'task-{0}', returnOnLocked: 'in progress' },
        async (day: string) => {
          await gate;
          return `done ${day}`;
        },
      );
      const first = task('mon');
      await waitFor(() => task.isLocked('mon'));
      expect(await task('mon')).toBe('in progress');
      expect(await task.isLocked('mon')).toBe(true);
      release();
      expect(await first).toBe('done mon');
      expect(await task('tue')).toBe('done tue');
      expect(await task.isLocked('mon')).toBe(false);
    });

    it('returnOnLocked defaults to undefined; raiseOnLocked throws CachifyLockError', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const quiet = cachify.once({ key: 'quiet' }, async () => gate.then(() => 'ran'));
      const loud = cachify.once({ key: 'loud', raiseOnLocked: true }, async () =>
        gate.then(() => 'ran'),
      );
      const running = [quiet(), loud()];
      await waitFor(async () => (await quiet.isLocked()) && (await loud.isLocked()));
      expect(await quiet()).toBeUndefined();
      await expect(loud()).rejects.toThrow('loud is already locked!');
      release();
      expect(await Promise.all(running)).toEqual(['ran', 'ran']);
    });

    it('an error thrown by the function is not mistaken for a held key', async () => {
      const { cachify } = setup();
      const task = cachify.once({ key: 'throws' }, async () => {
        throw new CachifyLockError('inner');
      });
      await expect(task()).rejects.toThrow('inner is already locked!');
      expect(await task.isLocked()).toBe(false);
    });

    it('exp bounds how long one run keeps the key', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const task = cachify.once({ key: 'bounded', exp: 100 }, async () => gate.then(() => 'a'));
      const first = task();
      await waitFor(async () => !(await task.isLocked()));
      const second = task();
      release();
      expect(await Promise.all([first, second])).toEqual(['a', 'a']);
    });

    it('.release() frees the key of a run', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const task = cachify.once({ key: 'free-{0}' }, async (_n: number) => gate.then(() => 1));
      const first = task(1);
      await waitFor(() => task.isLocked(1));
      expect(await task.release(1)).toBe(true);
      expect(await task.isLocked(1)).toBe(false);
      release();
      expect(await first).toBe(1);
    });
  });
}
