/**
 * The lock suite: functions wrapped by `locked()`.
 */
import { describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../../../tests/support/common.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of `locked()`. */
export function describeLocked({ setup }: LockSuiteContext): void {
  describe('locked()', () => {
    it('concurrent calls with the same argument: the second gets the error, others run', async () => {
      const { cachify, logger } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const work = cachify.locked({ key: 'job-{0}' }, async (id: number) => {
        await gate;
        return id * 10;
      });
      const first = work(1);
      const other = work(2);
      await waitFor(async () => (await work.isLocked(1)) && (await work.isLocked(2)));
      await expect(work(1)).rejects.toThrow('job-1 is already locked!');
      expect(logger.warnings).toEqual(['job-1 is already locked!']);
      expect(await work.isLocked(1)).toBe(true);
      expect(await work.isLocked(3)).toBe(false);
      release();
      expect(await first).toBe(10);
      expect(await other).toBe(20);
      expect(await work.isLocked(1)).toBe(false);
    });

    it('nowait: false serialises calls of one key', async () => {
      const { cachify } = setup();
      const active: number[] = [];
      let overlap = false;
      const work = cachify.locked(
        { key: 'serial', nowait: false, timeout: 10_000 },
        async (n: number) => {
          if (active.length > 0) overlap = true;
          active.push(n);
          await sleep(10);
          active.pop();
          return n;
        },
      );
      expect(await Promise.all([work(1), work(2), work(3)])).toEqual([1, 2, 3]);
      expect(overlap).toBe(false);
    });

    it('fills {0.id} paths and accepts a key function', async () => {
      const { cachify } = setup();
      let seen = '';
      const byPath = cachify.locked(
        { key: 'order-{0.id}-{1}' },
        async (o: { id: number }, n: number) => {
          seen = String(await byPath.isLocked(o, n));
          return o.id + n;
        },
      );
      expect(await byPath({ id: 7 }, 1)).toBe(8);
      expect(seen).toBe('true');
      const byFunction = cachify.locked(
        { key: (user: { name: string }) => `user:${user.name}` },
        async (user: { name: string }) => {
          return cachify.lock({ key: `user:${user.name}` }).isLocked();
        },
      );
      expect(await byFunction({ name: 'ada' })).toBe(true);
    });

    it('.release(...args) force-releases the lock of those arguments', async () => {
      const { cachify } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const work = cachify.locked({ key: 'rel-{0}' }, async (_id: string) => gate);
      const running = work('a');
      await waitFor(() => work.isLocked('a'));
      expect(await work.release('a')).toBe(true);
      expect(await work.isLocked('a')).toBe(false);
      release();
      await running;
    });

    it('a template the arguments cannot fill rejects with a TypeError naming it', async () => {
      const { cachify } = setup();
      const work = cachify.locked({ key: 'order-{0.id}' }, async (_order?: { id: number }) => 1);
      await expect(work(undefined)).rejects.toThrow(/order-\{0\.id\}/);
      await expect(work(undefined)).rejects.toBeInstanceOf(TypeError);
    });

    it('keeps `this` for methods', async () => {
      const { cachify } = setup();
      class Account {
        balance = 5;
        deposit = cachify.locked({ key: 'account' }, async function (this: Account, n: number) {
          this.balance += n;
          return this.balance;
        });
      }
      const account = new Account();
      expect(await account.deposit(3)).toBe(8);
    });
  });
}
