/**
 * The lock suite: waiting for a lock (`nowait: false`): hand-off, first come first served,
 * timeouts and cancelled waits.
 */
import { describe, expect, it } from 'vitest';
import { settled, sleep } from '../../../../tests/support/common.js';
import { CachifyLockError } from '../../../src/index.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of waiting for a lock. */
export function describeWaiting({ setup, queued }: LockSuiteContext): void {
  describe('waiting', () => {
    it('nowait: false waits for the holder to release, then owns the lock', async () => {
      const { cachify } = setup();
      const holder = await cachify.lock({ key: 'wait' }).acquire();
      const waiting = cachify.lock({ key: 'wait', nowait: false, timeout: 5000 }).acquire();
      expect(await settled(waiting)).toBe(false);
      await holder.release();
      const waiter = await waiting;
      expect(waiter.held).toBe(true);
      expect(waiter.fencingToken).toBeGreaterThan(holder.fencingToken);
      await waiter.release();
    });

    it('a waiter with nowait: false, timeout: 4000 gets a lock whose holder has exp: 2000 once it expires', async () => {
      const { cachify, logger } = setup();
      const outer = await cachify.lock({ key: 'params', exp: 2000 }).acquire();
      const inner = await cachify.lock({ key: 'params', nowait: false, timeout: 4000 }).acquire();
      expect(inner.held).toBe(true);
      expect(inner.fencingToken).toBeGreaterThan(outer.fencingToken);
      expect(Date.now()).toBeGreaterThanOrEqual(outer.expiresAt ?? 0);
      expect(logger.warnings).toEqual([]);
      expect(await outer.release()).toBe(false);
      expect(await inner.release()).toBe(true);
    });

    it('waiters are served first come, first served', async () => {
      const { cachify } = setup();
      const holder = await cachify.lock({ key: 'fifo' }).acquire();
      const order: number[] = [];
      const waiters = [1, 2, 3, 4].map((n) =>
        cachify
          .lock({ key: 'fifo', nowait: false, timeout: 10_000 })
          .acquire()
          .then(async (held) => {
            order.push(n);
            await sleep(5);
            await held.release();
          }),
      );
      await queued(cachify, 'fifo', 4);
      await holder.release();
      await Promise.all(waiters);
      expect(order).toEqual([1, 2, 3, 4]);
    });

    it('the timeout passes first: CachifyLockError, logged once (not once per retry)', async () => {
      const { cachify, logger } = setup();
      const holder = await cachify.lock({ key: 'busy', exp: 10_000 }).acquire();
      const error = await cachify
        .lock({ key: 'busy', nowait: false, timeout: 300 })
        .acquire()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CachifyLockError);
      expect((error as Error).message).toBe('busy is already locked!');
      expect(logger.warnings).toEqual(['busy is already locked!']);
      expect(await holder.release()).toBe(true);
    });

    it('timeout: 0 makes one attempt', async () => {
      const { cachify } = setup();
      const holder = await cachify.lock({ key: 'zero' }).acquire();
      await expect(
        cachify.lock({ key: 'zero', nowait: false, timeout: 0 }).acquire(),
      ).rejects.toBeInstanceOf(CachifyLockError);
      await holder.release();
    });

    it('aborting the signal stops the wait with signal.reason; the queue moves on', async () => {
      const { cachify } = setup();
      const holder = await cachify.lock({ key: 'abort' }).acquire();
      const controller = new AbortController();
      const cancelled = cachify
        .lock({ key: 'abort', nowait: false, signal: controller.signal })
        .acquire();
      const next = cachify.lock({ key: 'abort', nowait: false, timeout: 10_000 }).acquire();
      await queued(cachify, 'abort', 2);
      controller.abort(new Error('user cancelled'));
      await expect(cancelled).rejects.toThrow('user cancelled');
      await holder.release();
      const nextHeld = await next;
      expect(nextHeld.held).toBe(true);
      await nextHeld.release();
      expect(await cachify.lock({ key: 'abort' }).isLocked()).toBe(false);
    });

    it('a waiter that timed out does not take the lock later', async () => {
      const { cachify } = setup();
      const holder = await cachify.lock({ key: 'gone' }).acquire();
      await expect(
        cachify.lock({ key: 'gone', nowait: false, timeout: 50 }).acquire(),
      ).rejects.toBeInstanceOf(CachifyLockError);
      await holder.release();
      await sleep(30);
      expect(await cachify.lock({ key: 'gone' }).isLocked()).toBe(false);
    });
  });
}
