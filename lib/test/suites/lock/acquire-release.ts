/**
 * The lock suite: acquiring and releasing a lock, `await using`, `run()`, expiry options and a
 * force release.
 */
import { describe, expect, it, vi } from 'vitest';
import { sleep, waitFor } from '../../../../tests/support/common.js';
import { CachifyError, CachifyLockError, CachifyLockLostError } from '../../../src/index.js';
import type { LockSuiteContext } from './context.js';

/** Far past any lifetime a lock can be given: the latest moment a `Date` can hold. */
const END_OF_TIME = 8.64e15;

/** Registers the tests of acquiring and releasing a lock. */
export function describeAcquireAndRelease({ setup, fakeTimers }: LockSuiteContext): void {
  describe('lock', () => {
    it('acquire resolves a handle that owns the lock: key, fencing token, expiry', async () => {
      const { cachify } = setup();
      const before = Date.now();
      const held = await cachify.lock({ key: 'report', exp: 5000 }).acquire();
      const after = Date.now();
      expect(held.key).toBe('report');
      expect(typeof held.fencingToken).toBe('bigint');
      expect(held.expiresAt).not.toBeNull();
      expect(held.expiresAt).toBeGreaterThanOrEqual(before + 5000 - 50);
      expect(held.expiresAt).toBeLessThanOrEqual(after + 5000 + 50);
      expect(held.held).toBe(true);
      expect(await cachify.lock({ key: 'report' }).isLocked()).toBe(true);
      expect(await held.release()).toBe(true);
      expect(await cachify.lock({ key: 'report' }).isLocked()).toBe(false);
    });

    it('a held key throws CachifyLockError "<key> is already locked!" and logs that line once', async () => {
      const { cachify, logger } = setup();
      const held = await cachify.lock({ key: 'cool-async-lock' }).acquire();
      const error = await cachify
        .lock({ key: 'cool-async-lock' })
        .acquire()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CachifyLockError);
      expect(error).toBeInstanceOf(CachifyError);
      expect((error as CachifyLockError).message).toBe('cool-async-lock is already locked!');
      expect((error as CachifyLockError).key).toBe('cool-async-lock');
      expect(logger.warnings).toEqual(['cool-async-lock is already locked!']);
      await held.release();
    });

    it('await using releases the lock at the end of the block', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'scoped' });
      {
        await using held = await lock.acquire();
        expect(held.held).toBe(true);
        expect(await lock.isLocked()).toBe(true);
      }
      expect(await lock.isLocked()).toBe(false);
    });

    it('await using releases the lock when the block throws', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'scoped-throw' });
      const failing = async () => {
        await using _held = await lock.acquire();
        throw new Error('boom');
      };
      await expect(failing()).rejects.toThrow('boom');
      expect(await lock.isLocked()).toBe(false);
    });

    it('release is owner-checked and idempotent: true once, then false', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'twice' }).acquire();
      expect(await held.release()).toBe(true);
      expect(await held.release()).toBe(false);
      expect(held.held).toBe(false);
    });

    it('one Lock object can be acquired again after release', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'again' });
      const first = await lock.acquire();
      await first.release();
      const second = await lock.acquire();
      expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
      await second.release();
    });

    it('exp: null never expires', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'forever', exp: null }).acquire();
      expect(held.expiresAt).toBeNull();
      // On the fake clock, past any finite lifetime; a backend on real time gets a moment.
      if (fakeTimers) vi.setSystemTime(END_OF_TIME);
      else await sleep(50);
      expect(await cachify.lock({ key: 'forever' }).isLocked()).toBe(true);
      await held.release();
    });

    it('an unset exp uses the instance default (defaultLockExpiration)', async () => {
      const { cachify } = setup({ defaultLockExpiration: 120 });
      const held = await cachify.lock({ key: 'default-exp' }).acquire();
      expect(held.expiresAt).not.toBeNull();
      await waitFor(async () => !(await cachify.lock({ key: 'default-exp' }).isLocked()));
      expect(await held.release()).toBe(false);
    });

    it('run() acquires, calls, releases, and returns the result', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'run' });
      const result = await lock.run(async (held) => {
        expect(held.held).toBe(true);
        expect(await lock.isLocked()).toBe(true);
        return 42;
      });
      expect(result).toBe(42);
      expect(await lock.isLocked()).toBe(false);
    });

    it('run() releases when the function throws', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'run-throws' });
      await expect(
        lock.run(() => {
          throw new Error('inside');
        }),
      ).rejects.toThrow('inside');
      expect(await lock.isLocked()).toBe(false);
    });

    it('run() releases when the async function rejects, and passes the rejection on', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'run-rejects' });
      const failure = new Error('async inside');
      await expect(
        lock.run(async () => {
          await sleep(5);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await lock.isLocked()).toBe(false);
      expect(await lock.run(async () => 'again')).toBe('again');
    });

    it('force release frees a held lock and aborts the holder\'s signal with reason "released"', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'stuck' }).acquire();
      const signal = held.signal;
      expect(await cachify.lock({ key: 'stuck' }).release()).toBe(true);
      expect(await cachify.lock({ key: 'stuck' }).isLocked()).toBe(false);
      await waitFor(() => signal.aborted, 5000, 'the signal to abort');
      expect(signal.reason).toBeInstanceOf(CachifyLockLostError);
      expect((signal.reason as CachifyLockLostError).reason).toBe('released');
      expect(await held.release()).toBe(false);
      expect(await cachify.lock({ key: 'stuck' }).release()).toBe(false);
    });

    it('a pre-aborted signal rejects with its reason and takes nothing', async () => {
      const { cachify } = setup();
      const controller = new AbortController();
      controller.abort(new Error('cancelled before'));
      const lock = cachify.lock({ key: 'pre-aborted', nowait: false, signal: controller.signal });
      await expect(lock.acquire()).rejects.toThrow('cancelled before');
      expect(await lock.isLocked()).toBe(false);
    });
  });
}
