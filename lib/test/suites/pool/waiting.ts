/**
 * The pool suite: waiting for a slot (`nowait: false`): hand-off, first come first served,
 * timeouts and cancelled waits.
 */
import { describe, expect, it } from 'vitest';
import { settled, sleep } from '../../../../tests/support/common.js';
import { CachifyPoolFullError } from '../../../src/index.js';
import type { SetupTestInstance } from '../suite-setup.js';
import type { QueuedWaiters } from './index.js';

/**
 * Registers the tests of waiting for a slot.
 *
 * @param queued - Waits until a pool's queue holds a number of waiters.
 */
export function describeWaiting(setup: SetupTestInstance, queued: QueuedWaiters): void {
  describe('waiting', () => {
    it('nowait: false waits for a release, which hands the place to the waiter', async () => {
      const { cachify } = setup();
      const holder = await cachify.pool({ key: 'wait', maxSize: 1 }).acquire();
      const waiting = cachify
        .pool({ key: 'wait', maxSize: 1, nowait: false, timeout: 5000 })
        .acquire();
      expect(await settled(waiting, 50)).toBe(false);
      await holder.release();
      const slot = await waiting;
      expect(slot.held).toBe(true);
      expect(slot.fencingToken).toBeGreaterThan(holder.fencingToken);
      await slot.release();
    });

    it('waiters are served first come, first served', async () => {
      const { cachify } = setup();
      const holders = [
        await cachify.pool({ key: 'fifo', maxSize: 2 }).acquire(),
        await cachify.pool({ key: 'fifo', maxSize: 2 }).acquire(),
      ];
      const order: number[] = [];
      const waiters = [1, 2, 3, 4, 5].map((n) =>
        cachify
          .pool({ key: 'fifo', maxSize: 2, nowait: false, timeout: 10_000 })
          .acquire()
          .then(async (slot) => {
            order.push(n);
            await sleep(5);
            await slot.release();
          }),
      );
      await queued(cachify, 'fifo', 5);
      for (const holder of holders) await holder.release();
      await Promise.all(waiters);
      // Two at a time: each pair in arrival order, and no one before an earlier arrival.
      expect([...order.slice(0, 2)].sort()).toEqual([1, 2]);
      expect(order.indexOf(3)).toBeLessThan(order.indexOf(5));
      expect(order.indexOf(4)).toBeLessThan(order.indexOf(5));
      expect(order.slice(2).every((n) => n > 2)).toBe(true);
    });

    it('a released place goes to the waiter, not to a newcomer who asks at the same moment', async () => {
      const { cachify } = setup();
      const holder = await cachify.pool({ key: 'no-barging', maxSize: 1 }).acquire();
      const waiting = cachify
        .pool({ key: 'no-barging', maxSize: 1, nowait: false, timeout: 5000 })
        .acquire();
      await queued(cachify, 'no-barging', 1);
      const released = holder.release();
      const newcomer = cachify.pool({ key: 'no-barging', maxSize: 1 }).acquire();
      await released;
      await expect(newcomer).rejects.toBeInstanceOf(CachifyPoolFullError);
      await (await waiting).release();
    });

    it("an expired slot's place goes to the longest waiter", async () => {
      const { cachify, logger } = setup();
      const hung = await cachify.pool({ key: 'hung', maxSize: 1, slotExp: 300 }).acquire();
      const slot = await cachify
        .pool({ key: 'hung', maxSize: 1, nowait: false, timeout: 10_000 })
        .acquire();
      expect(Date.now()).toBeGreaterThanOrEqual(hung.expiresAt ?? 0);
      expect(slot.fencingToken).toBeGreaterThan(hung.fencingToken);
      expect(logger.warnings).toEqual([]);
      expect(await hung.release()).toBe(false);
      expect(await slot.release()).toBe(true);
    });

    it('the timeout passes first: CachifyPoolFullError, logged once; the waiter takes nothing later', async () => {
      const { cachify, logger } = setup();
      const holder = await cachify.pool({ key: 'busy', maxSize: 1 }).acquire();
      const error = await cachify
        .pool({ key: 'busy', maxSize: 1, nowait: false, timeout: 200 })
        .acquire()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CachifyPoolFullError);
      expect(logger.warnings).toEqual(['busy is full (maxSize=1)']);
      await holder.release();
      await sleep(30);
      expect(await cachify.pool({ key: 'busy', maxSize: 1 }).size()).toBe(0);
    });

    it('aborting the signal stops the wait with signal.reason; the queue moves on', async () => {
      const { cachify } = setup();
      const holder = await cachify.pool({ key: 'abort', maxSize: 1 }).acquire();
      const controller = new AbortController();
      const cancelled = cachify
        .pool({ key: 'abort', maxSize: 1, nowait: false, signal: controller.signal })
        .acquire();
      const next = cachify
        .pool({ key: 'abort', maxSize: 1, nowait: false, timeout: 10_000 })
        .acquire();
      await queued(cachify, 'abort', 2);
      controller.abort(new Error('user cancelled'));
      await expect(cancelled).rejects.toThrow('user cancelled');
      await holder.release();
      const slot = await next;
      expect(slot.held).toBe(true);
      await slot.release();
      expect(await cachify.pool({ key: 'abort', maxSize: 1 }).size()).toBe(0);
    });
  });
}
