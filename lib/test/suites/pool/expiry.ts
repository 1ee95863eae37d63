/**
 * The pool suite: expired slots, a lost slot aborting its signal, `extend()` and `autoExtend`.
 */
import { describe, expect, it } from 'vitest';
import { abortReason, sleep, sleepUntil, waitFor } from '../../../../tests/support/common.js';
import { CachifyLockLostError, CachifyPoolFullError } from '../../../src/index.js';
import type { SetupTestInstance } from '../suite-setup.js';

/** Registers the tests of slot expiry and extension. */
export function describeExpiry(setup: SetupTestInstance): void {
  describe('expiry', () => {
    it('an expired slot stops counting: its place is free for the next acquisition, and its release returns false', async () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'expiring', maxSize: 2 });
      const stays = await workers.acquire();
      const expires = await cachify.pool({ key: 'expiring', maxSize: 2, slotExp: 150 }).acquire();
      await expect(workers.acquire()).rejects.toBeInstanceOf(CachifyPoolFullError);
      await waitFor(async () => (await workers.size()) === 1, 5000, 'the slot to expire');
      const next = await workers.acquire();
      expect(next.fencingToken).toBeGreaterThan(expires.fencingToken);
      expect(await expires.release()).toBe(false);
      expect(await workers.size()).toBe(2);
      await stays.release();
      await next.release();
    });

    it("an expired slot's signal aborts with CachifyLockLostError (expired); the code under it runs on", async () => {
      const { cachify } = setup();
      const slot = await cachify.pool({ key: 'lost', maxSize: 1, slotExp: 150 }).acquire();
      const signal = slot.signal;
      const reason = await abortReason(signal);
      expect(reason).toBeInstanceOf(CachifyLockLostError);
      expect((reason as CachifyLockLostError).reason).toBe('expired');
      expect((reason as CachifyLockLostError).key).toBe('lost');
      expect(slot.held).toBe(false);
    });

    it('releasing the slot does not abort its signal', async () => {
      const { cachify } = setup();
      // A lifetime long enough for the release to land first on a busy machine; the test then
      // waits past it, when the expiry timer would have fired.
      const slot = await cachify.pool({ key: 'clean', maxSize: 1, slotExp: 1000 }).acquire();
      const signal = slot.signal;
      const expiresAt = slot.expiresAt ?? 0;
      await slot.release();
      await sleepUntil(expiresAt + 50);
      expect(signal.aborted).toBe(false);
    });

    it('extend() keeps a slot past its first lifetime; after expiry it returns false and aborts the signal (extend-failed)', async () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'extend', maxSize: 1, slotExp: 1000 });
      const slot = await workers.acquire();
      const firstExpiry = slot.expiresAt ?? 0;
      expect(await slot.extend(60_000)).toBe(true);
      expect(slot.expiresAt ?? 0).toBeGreaterThan(firstExpiry);
      await sleepUntil(firstExpiry + 100);
      expect(slot.held).toBe(true);
      expect(await workers.size()).toBe(1);
      expect(await slot.release()).toBe(true);

      const short = await cachify.pool({ key: 'extend-late', maxSize: 1, slotExp: 60 }).acquire();
      await sleep(120);
      expect(await short.extend()).toBe(false);
      expect(short.signal.aborted).toBe(true);
      expect((short.signal.reason as CachifyLockLostError).reason).toBe('extend-failed');
    });

    it('autoExtend keeps a slot alive past its slotExp while it is held', async () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'auto', maxSize: 1, slotExp: 1200, autoExtend: true });
      const slot = await workers.acquire();
      const firstExpiry = slot.expiresAt ?? 0;
      const signal = slot.signal;
      await sleepUntil(firstExpiry + 300);
      expect(signal.aborted).toBe(false);
      expect(slot.expiresAt ?? 0).toBeGreaterThan(firstExpiry);
      expect(await workers.size()).toBe(1);
      expect(await slot.release()).toBe(true);
    });
  });
}
