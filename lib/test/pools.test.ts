/** Pools on the memory backend: the shared pool suite (sync forms included), and what only memory shows. */
import { describe, expect, it } from 'vitest';
import { sleep } from '../../tests/support/common.js';
import {
  Cachify,
  CachifyError,
  CachifyPoolFullError,
  initCachify,
  type LockBackend,
  memoryBackend,
  pool,
  pooled,
} from '../src/index.js';
import { describePoolSuite } from './suites/pool/index.js';

describePoolSuite('memory', () => memoryBackend(), { sync: true });

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe('pool options', () => {
  it.each([
    [{ key: 'p', maxSize: 0 }, RangeError, /`maxSize` must be an integer >= 1, got 0/],
    [{ key: 'p', maxSize: 1.5 }, RangeError, /`maxSize` must be an integer >= 1, got 1.5/],
    [{ key: 'p', maxSize: Number.NaN }, RangeError, /got NaN/],
    [{ key: 'p', maxSize: -2 }, RangeError, /got -2/],
    [{ key: 'p', maxSize: Number.POSITIVE_INFINITY }, RangeError, /got Infinity/],
    [{ key: 'p' }, TypeError, /`maxSize` must be an integer >= 1 .*got undefined/],
    [{ key: 'p', maxSize: '3' }, TypeError, /got "3"/],
    [{ maxSize: 3 }, TypeError, /`key` must be a non-empty string, got undefined/],
    [{ key: '', maxSize: 3 }, TypeError, /`key` must be a non-empty string/],
    [{ key: 'p', maxSize: 3, slotExp: 0 }, RangeError, /`slotExp` must be a finite number/],
    [{ key: 'p', maxSize: 3, slotExp: '1s' }, TypeError, /`slotExp`/],
    [{ key: 'p', maxSize: 3, nowait: 'no' }, TypeError, /`nowait` must be a boolean/],
    [{ key: 'p', maxSize: 3, timeout: -1 }, RangeError, /`timeout`/],
    [{ key: 'p', maxSize: 3, signal: {} }, TypeError, /`signal` must be an AbortSignal/],
  ])('pool(%o) throws at creation', (options, type, message) => {
    expect(() => pool(options as never)).toThrow(type);
    expect(() => pool(options as never)).toThrow(message);
  });

  it('pooled() checks the same options, and onFull / raiseOnFull, at creation', () => {
    const fn = async (user: string) => user;
    expect(() => pooled({ key: 'p-{0}', maxSize: 0 }, fn)).toThrow(/pooled\(\): `maxSize`/);
    expect(() => pooled({ key: 'p-{0}', maxSize: 2.5 }, fn)).toThrow(RangeError);
    expect(() => pooled({ key: 'p-{1}', maxSize: 2 }, fn)).toThrow(/uses \{1\}/);
    expect(() => pooled({ key: 'p', maxSize: 2, onFull: 'busy' as never }, fn)).toThrow(
      /`onFull` must be a function/,
    );
    expect(() => pooled({ key: 'p', maxSize: 2, raiseOnFull: 1 as never }, fn)).toThrow(
      /`raiseOnFull` must be a boolean/,
    );
    expect(() => pool({ key: 'p', maxSize: 1 }).pooled({ onFull: 3 as never }, fn)).toThrow(
      /pool\.pooled\(\): `onFull`/,
    );
  });

  it('an unknown option name is a TypeError naming the nearest valid one', () => {
    const fn = async (user: string) => user;
    expect(() => pool({ key: 'p', maxSize: 2, max_size: 3 } as never)).toThrow(
      new TypeError('Unknown option `max_size` for pool(); did you mean `maxSize`?'),
    );
    expect(() => pool({ key: 'p', maxSize: 2, slotExpiration: 5 } as never)).toThrow(
      /Unknown option `slotExpiration` for pool\(\); did you mean `slotExp`\?/,
    );
    expect(() => pooled({ key: 'p', maxSize: 2, onfull: () => 1 } as never, fn)).toThrow(
      /Unknown option `onfull` for pooled\(\); did you mean `onFull`\?/,
    );
    expect(() => pooled({ key: 'p', maxSize: 2, onfull: () => 1 } as never)).toThrow(TypeError);
    expect(() =>
      pool({ key: 'p', maxSize: 1 }).pooled({ raise_on_full: true } as never, fn),
    ).toThrow(/Unknown option `raise_on_full` for pool\.pooled\(\); did you mean `raiseOnFull`\?/);
    expect(() =>
      initCachify({ default_pool_slot_expiration: 600, isGlobal: false } as never),
    ).toThrow(/did you mean `defaultPoolSlotExpiration`\?/);
  });

  it('initCachify checks defaultPoolSlotExpiration', () => {
    expect(() => initCachify({ defaultPoolSlotExpiration: 0, isGlobal: false })).toThrow(
      RangeError,
    );
    expect(
      initCachify({ defaultPoolSlotExpiration: null, isGlobal: false }).defaultPoolSlotExpiration,
    ).toBeNull();
  });
});

describe('memory backend pools', () => {
  it('top-level pool() and pooled() use the global instance, stored under the prefix with kind pool', async () => {
    const backend = memoryBackend();
    initCachify({ backend, logger: false });
    const slot = await pool({ key: 'jobs', maxSize: 1 }).acquire();
    expect(backend.poolSizeSync('cachify:pool:jobs')).toBe(1);
    const job = pooled({ key: 'jobs', maxSize: 1, onFull: () => 'full' }, () => 'ran');
    expect(job()).toBe('full');
    await slot.release();
    expect(job()).toBe('ran');
  });

  it('runs no timer while nobody waits, one per waited pool while someone does, and keeps nothing afterwards', async () => {
    const backend = memoryBackend();
    const cachify = new Cachify({ backend, isGlobal: false, logger: false });
    const baseline = activeTimers();
    const slots = [
      await cachify.pool({ key: 'a', maxSize: 2, slotExp: 10_000 }).acquire(),
      await cachify.pool({ key: 'a', maxSize: 2, slotExp: 10_000 }).acquire(),
    ];
    expect(activeTimers()).toBe(baseline);
    const waiters = [1, 2, 3].map(() =>
      cachify.pool({ key: 'a', maxSize: 2, nowait: false }).acquire(),
    );
    await sleep(5);
    expect(activeTimers()).toBe(baseline + 1);
    expect(backend.poolStats()).toEqual({ heldSlots: 2, waitingPools: 1 });
    for (const slot of slots) await slot.release();
    for (const waiter of waiters) await (await waiter).release();
    expect(activeTimers()).toBe(baseline);
    expect(backend.poolStats()).toEqual({ heldSlots: 0, waitingPools: 0 });
  });

  it('a pool of 40 holders frees exactly the released slot, in any order, and drops expired ones', () => {
    let now = 1_000;
    const cachify = new Cachify({
      backend: memoryBackend({ now: () => now }),
      isGlobal: false,
      logger: false,
    });
    const big = cachify.pool({ key: 'big', maxSize: 40, slotExp: null });
    const slots = Array.from({ length: 30 }, () => big.acquireSync());
    const short = Array.from({ length: 10 }, () =>
      cachify.pool({ key: 'big', maxSize: 40, slotExp: 50 }).acquireSync(),
    );
    expect(() => big.acquireSync()).toThrow(CachifyPoolFullError);
    // Every other slot, from the middle outwards: each release frees its own slot only.
    for (const [index, slot] of slots.entries()) {
      if (index % 2 === 1) expect(slot.releaseSync()).toBe(true);
    }
    expect(slots.filter((slot) => slot.held)).toHaveLength(15);
    expect(big.sizeSync()).toBe(25);
    expect(slots[1]?.releaseSync()).toBe(false);
    now += 50;
    expect(big.sizeSync()).toBe(15);
    expect(short.map((slot) => slot.releaseSync())).toEqual(Array(10).fill(false));
    for (const slot of slots) slot.releaseSync();
    expect(big.sizeSync()).toBe(0);
  });

  it('a release hands its place to the waiter before any other caller of the same tick', async () => {
    const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
    const held = cachify.pool({ key: 'k', maxSize: 1 }).acquireSync();
    const waiting = cachify.pool({ key: 'k', maxSize: 1, nowait: false }).acquire();
    held.releaseSync();
    expect(cachify.pool({ key: 'k', maxSize: 1 }).sizeSync()).toBe(1);
    expect(() => cachify.pool({ key: 'k', maxSize: 1 }).acquireSync()).toThrow(
      CachifyPoolFullError,
    );
    await (await waiting).release();
  });

  it('an expired slot goes to the first waiter even when a newcomer asks first', async () => {
    let now = 1_000_000;
    const cachify = new Cachify({
      backend: memoryBackend({ now: () => now }),
      isGlobal: false,
      logger: false,
    });
    const hung = cachify.pool({ key: 'k', maxSize: 1, slotExp: 100 }).acquireSync();
    const waiting = cachify.pool({ key: 'k', maxSize: 1, nowait: false }).acquire();
    now += 200;
    await expect(cachify.pool({ key: 'k', maxSize: 1 }).acquire()).rejects.toThrow(
      'k is full (maxSize=1)',
    );
    const slot = await waiting;
    expect(slot.fencingToken).toBeGreaterThan(hung.fencingToken);
    expect(hung.releaseSync()).toBe(false);
  });

  it('close() rejects pending waiters with a clear error', async () => {
    const backend = memoryBackend();
    const cachify = new Cachify({ backend, isGlobal: false, logger: false });
    await cachify.pool({ key: 'k', maxSize: 1 }).acquire();
    const waiting = cachify.pool({ key: 'k', maxSize: 1, nowait: false }).acquire();
    await cachify.close();
    await expect(waiting).rejects.toThrow(/closed while waiting for a slot/);
  });

  it('a backend without pools says so; one without sync operations names the async call', async () => {
    const locksOnly: LockBackend = {
      name: 'locks-only',
      acquireLock: async () => null,
      releaseLock: async () => false,
      extendLock: async () => null,
      forceReleaseLock: async () => false,
      isLocked: async () => false,
      getValue: async () => undefined,
      setValue: async () => {},
      deleteValue: async () => false,
    };
    const cachify = new Cachify({ backend: locksOnly, isGlobal: false });
    await expect(cachify.pool({ key: 'k', maxSize: 1 }).acquire()).rejects.toThrow(
      /needs a backend with pools .* the locks-only backend has none/,
    );
    const memory = memoryBackend();
    const asyncOnly = Object.assign(Object.create(null), {
      name: 'async-only',
      acquireLock: memory.acquireLock.bind(memory),
      releaseLock: memory.releaseLock.bind(memory),
      extendLock: memory.extendLock.bind(memory),
      forceReleaseLock: memory.forceReleaseLock.bind(memory),
      isLocked: memory.isLocked.bind(memory),
      acquireSlot: memory.acquireSlot.bind(memory),
      releaseSlot: memory.releaseSlot.bind(memory),
      extendSlot: memory.extendSlot.bind(memory),
      poolSize: memory.poolSize.bind(memory),
    }) as LockBackend;
    const onAsync = new Cachify({ backend: asyncOnly, isGlobal: false });
    expect(() => onAsync.pool({ key: 'k', maxSize: 1 }).acquireSync()).toThrow(
      /await pool\.acquire\(\)/,
    );
    expect(() => onAsync.pool({ key: 'k', maxSize: 1 }).sizeSync()).toThrow(/await pool\.size\(\)/);
    const sync = onAsync.pooled({ key: 'k', maxSize: 1 }, () => 1);
    expect(() => sync()).toThrow(CachifyError);
    const attempt = async () => {
      using _slot = await onAsync.pool({ key: 'k', maxSize: 1 }).acquire();
    };
    await expect(attempt()).rejects.toThrow(/await using held = await pool\(\.\.\.\)\.acquire\(\)/);
    await sleep(1);
    expect(await onAsync.pool({ key: 'k', maxSize: 1 }).size()).toBe(0);
  });
});
