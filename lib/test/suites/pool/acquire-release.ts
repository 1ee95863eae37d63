/**
 * The pool suite: taking and giving back slots, a full pool, `await using`, `run()`, fencing
 * tokens and slot lifetimes.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../../tests/support/common.js';
import { CachifyError, CachifyPoolFullError } from '../../../src/index.js';
import type { SetupTestInstance } from '../suite-setup.js';
import type { QueuedWaiters } from './index.js';

/**
 * Registers the tests of taking and giving back slots.
 *
 * @param queued - Waits until a pool's queue holds a number of waiters.
 */
export function describeAcquireAndRelease(setup: SetupTestInstance, queued: QueuedWaiters): void {
  describe('pool', () => {
    it('lets maxSize holders in at once; the next one gets CachifyPoolFullError "<key> is full (maxSize=<n>)", logged once', async () => {
      const { cachify, logger } = setup();
      const workers = cachify.pool({ key: 'worker-pool', maxSize: 3 });
      const slots = [await workers.acquire(), await workers.acquire(), await workers.acquire()];
      expect(await workers.size()).toBe(3);
      for (const slot of slots) {
        expect(slot.key).toBe('worker-pool');
        expect(slot.held).toBe(true);
        expect(typeof slot.fencingToken).toBe('bigint');
      }
      const error = await workers.acquire().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CachifyPoolFullError);
      expect(error).toBeInstanceOf(CachifyError);
      expect((error as CachifyPoolFullError).message).toBe('worker-pool is full (maxSize=3)');
      expect((error as CachifyPoolFullError).key).toBe('worker-pool');
      expect((error as CachifyPoolFullError).maxSize).toBe(3);
      expect(String(error)).toBe('CachifyPoolFullError: worker-pool is full (maxSize=3)');
      expect(logger.warnings).toEqual(['worker-pool is full (maxSize=3)']);
      for (const slot of slots) expect(await slot.release()).toBe(true);
      expect(await workers.size()).toBe(0);
    });

    it('every Pool object with the same key shares its slots; other keys and prefixes are apart', async () => {
      const { cachify } = setup();
      const other = setup();
      const one = await cachify.pool({ key: 'shared', maxSize: 1 }).acquire();
      await expect(cachify.pool({ key: 'shared', maxSize: 1 }).acquire()).rejects.toThrow(
        'shared is full (maxSize=1)',
      );
      const elsewhere = await cachify.pool({ key: 'shared-2', maxSize: 1 }).acquire();
      const otherPrefix = await other.cachify.pool({ key: 'shared', maxSize: 1 }).acquire();
      // A lock with the same key is a different thing.
      const lock = await cachify.lock({ key: 'shared' }).acquire();
      for (const held of [one, elsewhere, otherPrefix, lock])
        expect(await held.release()).toBe(true);
    });

    it('await using gives the slot back at the end of the block, also when it throws', async () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'scoped', maxSize: 2 });
      {
        await using slot = await workers.acquire();
        expect(slot.held).toBe(true);
        expect(await workers.size()).toBe(1);
      }
      expect(await workers.size()).toBe(0);
      const failing = async () => {
        await using _slot = await workers.acquire();
        throw new Error('boom');
      };
      await expect(failing()).rejects.toThrow('boom');
      expect(await workers.size()).toBe(0);
    });

    it('release is owner-checked and idempotent: true once, then false', async () => {
      const { cachify } = setup();
      const slot = await cachify.pool({ key: 'twice', maxSize: 2 }).acquire();
      expect(await slot.release()).toBe(true);
      expect(await slot.release()).toBe(false);
      expect(slot.held).toBe(false);
    });

    it('run() takes a slot, calls, gives it back (also when the function throws), and returns the result', async () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'run', maxSize: 1 });
      expect(
        await workers.run(async (slot) => {
          expect(slot.held).toBe(true);
          return (await workers.size()) * 42;
        }),
      ).toBe(42);
      expect(await workers.size()).toBe(0);
      await expect(
        workers.run(() => {
          throw new Error('inside');
        }),
      ).rejects.toThrow('inside');
      expect(await workers.size()).toBe(0);
    });

    it('fencing tokens strictly increase across the holders of a pool, hand-offs included', async () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'fenced', maxSize: 2, nowait: false, timeout: 5000 });
      const tokens: bigint[] = [];
      const first = [await workers.acquire(), await workers.acquire()];
      tokens.push(...first.map((slot) => slot.fencingToken));
      const waiting = [workers.acquire(), workers.acquire()];
      await queued(cachify, 'fenced', 2);
      await first[0].release();
      const a = await waiting[0];
      tokens.push(a.fencingToken);
      await first[1].release();
      const b = await waiting[1];
      tokens.push(b.fencingToken);
      const c = await cachify.pool({ key: 'fenced', maxSize: 3 }).acquire();
      tokens.push(c.fencingToken);
      for (const slot of [a, b, c]) await slot.release();
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
    });

    it('slotExp: null never expires; an unset slotExp uses defaultPoolSlotExpiration', async () => {
      const { cachify } = setup({ defaultPoolSlotExpiration: 150 });
      const forever = await cachify.pool({ key: 'exp', maxSize: 2, slotExp: null }).acquire();
      expect(forever.expiresAt).toBeNull();
      const short = await cachify.pool({ key: 'exp', maxSize: 2 }).acquire();
      expect(short.expiresAt).not.toBeNull();
      await waitFor(async () => (await cachify.pool({ key: 'exp', maxSize: 2 }).size()) === 1);
      expect(await short.release()).toBe(false);
      expect(await forever.release()).toBe(true);
    });

    it("defaultPoolSlotExpiration is 600000 ms (py-cachify's 600 s)", async () => {
      const { cachify } = setup();
      expect(cachify.defaultPoolSlotExpiration).toBe(600_000);
      const before = Date.now();
      const slot = await cachify.pool({ key: 'default', maxSize: 1 }).acquire();
      expect(slot.expiresAt).toBeGreaterThanOrEqual(before + 600_000);
      expect(slot.expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
      await slot.release();
    });

    it('a pre-aborted signal rejects with its reason and takes nothing', async () => {
      const { cachify } = setup();
      const controller = new AbortController();
      controller.abort(new Error('cancelled before'));
      const workers = cachify.pool({ key: 'aborted', maxSize: 1, signal: controller.signal });
      await expect(workers.acquire()).rejects.toThrow('cancelled before');
      expect(await workers.size()).toBe(0);
    });
  });
}
