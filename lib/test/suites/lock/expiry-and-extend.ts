/**
 * The lock suite: a lost lock aborting `handle.signal`, `extend()` and `autoExtend`.
 */
import { describe, expect, it } from 'vitest';
import { abortReason, sleep, sleepUntil, waitFor } from '../../../../tests/support/common.js';
import { CachifyLockLostError } from '../../../src/index.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of expiry, `handle.signal`, `extend()` and `autoExtend`. */
export function describeExpiryAndExtend({ setup }: LockSuiteContext): void {
  describe('handle.signal and extend', () => {
    it('a lost lock aborts handle.signal with CachifyLockLostError (expired)', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'lost', exp: 150 }).acquire();
      const signal = held.signal;
      expect(signal.aborted).toBe(false);
      const reason = await abortReason(signal);
      expect(reason).toBeInstanceOf(CachifyLockLostError);
      expect((reason as CachifyLockLostError).reason).toBe('expired');
      expect((reason as CachifyLockLostError).key).toBe('lost');
      expect(held.held).toBe(false);
    });

    it('a signal first read after the lock expired is already aborted', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'late-read', exp: 60 }).acquire();
      await sleep(120);
      expect(held.signal.aborted).toBe(true);
      expect((held.signal.reason as CachifyLockLostError).reason).toBe('expired');
    });

    it('releasing the handle does not abort its signal', async () => {
      const { cachify } = setup();
      // A lifetime long enough for the release to land first on a busy machine; the test then
      // waits past it, when the expiry timer would have fired.
      const held = await cachify.lock({ key: 'clean', exp: 1000 }).acquire();
      const signal = held.signal;
      const expiresAt = held.expiresAt ?? 0;
      await held.release();
      await sleepUntil(expiresAt + 50);
      expect(signal.aborted).toBe(false);
    });

    it('extend() pushes expiresAt and keeps the lock past its first lifetime', async () => {
      const { cachify } = setup();
      // Extended right away, so the verdict does not hang on how soon a busy machine gets to
      // the call: the first lifetime leaves a second of room for that one round trip.
      const held = await cachify.lock({ key: 'extend', exp: 1000 }).acquire();
      const firstExpiry = held.expiresAt ?? 0;
      const signal = held.signal;
      expect(await held.extend(60_000)).toBe(true);
      expect(held.expiresAt ?? 0).toBeGreaterThan(firstExpiry);
      // Past the first lifetime, however late the timer fires: still held, because extended.
      await sleepUntil(firstExpiry + 100);
      expect(signal.aborted).toBe(false);
      expect(held.held).toBe(true);
      expect(await cachify.lock({ key: 'extend' }).isLocked()).toBe(true);
      expect(await held.release()).toBe(true);
    });

    it('extend() after the lock was lost returns false and aborts the signal (extend-failed)', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'extend-late', exp: 60 }).acquire();
      await sleep(120);
      const taker = await cachify.lock({ key: 'extend-late' }).acquire();
      expect(await held.extend()).toBe(false);
      expect(held.signal.aborted).toBe(true);
      expect(await cachify.lock({ key: 'extend-late' }).isLocked()).toBe(true);
      await taker.release();
    });

    it('extend() checks its argument', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'extend-arg' }).acquire();
      await expect(held.extend(-1)).rejects.toBeInstanceOf(RangeError);
      await expect(held.extend(Number.NaN)).rejects.toThrow(/ms/);
      await held.release();
    });

    it('autoExtend keeps a lock alive past its exp while it is held', async () => {
      const { cachify } = setup();
      // Renewed every 400 ms: a renewal may come 800 ms late on a busy machine and still land.
      const held = await cachify.lock({ key: 'auto', exp: 1200, autoExtend: true }).acquire();
      const firstExpiry = held.expiresAt ?? 0;
      const signal = held.signal;
      await sleepUntil(firstExpiry + 300);
      expect(signal.aborted).toBe(false);
      expect(held.expiresAt ?? 0).toBeGreaterThan(firstExpiry);
      expect(await cachify.lock({ key: 'auto' }).isLocked()).toBe(true);
      expect(await held.release()).toBe(true);
      // Released: the next renewal time passes without bringing the lock back.
      await sleep(500);
      expect(await cachify.lock({ key: 'auto' }).isLocked()).toBe(false);
    });

    it('a refused renewal aborts handle.signal with reason "extend-failed", never an unhandled rejection', async () => {
      const { cachify } = setup();
      // The renewal, at a third of exp, comes a second before the lock would expire, so a late
      // timer still finds it force-released rather than expired.
      const held = await cachify.lock({ key: 'auto-lost', exp: 1500, autoExtend: true }).acquire();
      await cachify.lock({ key: 'auto-lost' }).release();
      // `held` (not `signal`, whose first read would start watching) turns false at the loss.
      await waitFor(() => !held.held, 5000, 'the renewal to fail');
      expect(held.signal.aborted).toBe(true);
      expect((held.signal.reason as CachifyLockLostError).reason).toBe('extend-failed');
      expect(held.held).toBe(false);
    });
  });
}
