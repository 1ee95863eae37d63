/**
 * The lock suite: ownership and fencing tokens: owner-checked release, tokens that increase
 * across holders, and storage keys kept apart by prefix and by kind.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../../tests/support/common.js';
import type { LockSuiteContext } from './context.js';

/** Registers the tests of ownership and fencing tokens. */
export function describeOwnershipAndFencing({ setup, queued }: LockSuiteContext): void {
  describe('ownership and fencing', () => {
    it("an expired holder's release() returns false and leaves the new owner's lock in place", async () => {
      const { cachify } = setup();
      const first = await cachify.lock({ key: 'expiring', exp: 150 }).acquire();
      await waitFor(async () => !(await cachify.lock({ key: 'expiring' }).isLocked()));
      const second = await cachify.lock({ key: 'expiring', exp: 10_000 }).acquire();
      expect(await first.release()).toBe(false);
      expect(await cachify.lock({ key: 'expiring' }).isLocked()).toBe(true);
      expect(await second.release()).toBe(true);
    });

    it('fencing tokens increase across holders of a key', async () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'fenced', nowait: false, timeout: 5000 });
      const tokens: bigint[] = [];
      for (let i = 0; i < 5; i++) {
        const held = await lock.acquire();
        tokens.push(held.fencingToken);
        await held.release();
      }
      // Hand-offs to waiters count too.
      const holder = await lock.acquire();
      tokens.push(holder.fencingToken);
      const waiting = [lock.acquire(), lock.acquire()];
      await queued(cachify, 'fenced', 2);
      await holder.release();
      const a = await waiting[0];
      tokens.push(a.fencingToken);
      await a.release();
      const b = await waiting[1];
      tokens.push(b.fencingToken);
      await b.release();
      for (let i = 1; i < tokens.length; i++) {
        expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
      }
    });

    it('separate instances on one backend keep their keys apart by prefix', async () => {
      const one = setup();
      const two = setup();
      const held = await one.cachify.lock({ key: 'shared-name' }).acquire();
      const other = await two.cachify.lock({ key: 'shared-name' }).acquire();
      expect(await one.cachify.lock({ key: 'shared-name' }).isLocked()).toBe(true);
      await held.release();
      expect(await two.cachify.lock({ key: 'shared-name' }).isLocked()).toBe(true);
      await other.release();
    });

    it('lock, once and cached storage keys never collide for the same user key', async () => {
      const { cachify } = setup();
      const held = await cachify.lock({ key: 'same' }).acquire();
      const runOnce = cachify.once({ key: 'same' }, async () => 'ran');
      const compute = cachify.cached({ key: 'same' }, async () => 'computed');
      expect(await runOnce()).toBe('ran');
      expect(await compute()).toBe('computed');
      expect(await compute()).toBe('computed');
      expect(await cachify.lock({ key: 'same' }).isLocked()).toBe(true);
      await held.release();
    });
  });
}
