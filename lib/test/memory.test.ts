import { describe, expect, it } from 'vitest';
import { RecordingLogger, sleep, waitFor } from '../../tests/support/common.js';
import {
  Cachify,
  CachifyError,
  type LockBackend,
  MemoryBackend,
  memoryBackend,
} from '../src/index.js';
import { describeLockSuite } from './suites/lock/index.js';

// On vitest's fake clock: the backend reads `Date.now()` at each call, so its locks expire as the
// fake time jumps.
const fakeClock = () => memoryBackend({ now: () => Date.now() });

describeLockSuite('memory', fakeClock, { sync: true, fakeTimers: true });

/** The memory backend seen through a backend that has only the async operations. */
function asyncOnly(backend: LockBackend): LockBackend {
  return {
    name: 'async-only',
    acquireLock: (request) => backend.acquireLock(request),
    releaseLock: (key, owner) => backend.releaseLock(key, owner),
    extendLock: (key, owner, exp) => backend.extendLock(key, owner, exp),
    forceReleaseLock: (key) => backend.forceReleaseLock(key),
    isLocked: (key) => backend.isLocked(key),
    getValue: (key) => backend.getValue(key),
    setValue: (key, value, ttl) => backend.setValue(key, value, ttl),
    deleteValue: (key) => backend.deleteValue(key),
    watchLock: backend.watchLock?.bind(backend),
  };
}

describeLockSuite('async-only view of memory', () => asyncOnly(fakeClock()), {
  fakeTimers: true,
});

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe('memory backend', () => {
  it('runs no timer while nobody waits, one per waited key while someone does', async () => {
    const backend = memoryBackend();
    const cachify = new Cachify({ backend, isGlobal: false, logger: false });
    const baseline = activeTimers();
    const held = await cachify.lock({ key: 'a', exp: 10_000 }).acquire();
    const other = await cachify.lock({ key: 'b', exp: 10_000 }).acquire();
    expect(activeTimers()).toBe(baseline);
    const waiters = [1, 2, 3].map(() => cachify.lock({ key: 'a', nowait: false }).acquire());
    await waitFor(() => backend.stats().waitingKeys === 1);
    // One timer for the holder's expiry of key a, not one per waiter and none for polling.
    expect(activeTimers()).toBe(baseline + 1);
    expect(backend.stats()).toEqual({ heldLocks: 2, waitingKeys: 1, storedValues: 0 });
    await held.release();
    for (const waiter of waiters) await (await waiter).release();
    await other.release();
    expect(activeTimers()).toBe(baseline);
    expect(backend.stats()).toEqual({ heldLocks: 0, waitingKeys: 0, storedValues: 0 });
  });

  it('a release hands the lock straight to the next waiter, before any other caller', async () => {
    const backend = memoryBackend();
    const cachify = new Cachify({ backend, isGlobal: false, logger: false });
    const held = await cachify.lock({ key: 'k' }).acquire();
    const waiting = cachify.lock({ key: 'k', nowait: false }).acquire();
    await waitFor(() => backend.stats().waitingKeys === 1);
    await held.release();
    // The waiter owns it already; a newcomer in the same tick cannot jump the queue.
    expect(cachify.lock({ key: 'k' }).isLockedSync()).toBe(true);
    expect(() => cachify.lock({ key: 'k' }).acquireSync()).toThrow(CachifyError);
    await (await waiting).release();
  });

  it('an expired holder hands off to the first waiter even when a newcomer asks first', async () => {
    let now = 1_000_000;
    const backend = memoryBackend({ now: () => now });
    const cachify = new Cachify({ backend, isGlobal: false, logger: false });
    await cachify.lock({ key: 'k', exp: 100 }).acquire();
    const waiting = cachify.lock({ key: 'k', nowait: false }).acquire();
    now += 200;
    // The newcomer finds the lock expired, but the waiter was first in line.
    await expect(cachify.lock({ key: 'k' }).acquire()).rejects.toThrow('k is already locked!');
    const waiter = await waiting;
    expect(waiter.held).toBe(true);
    expect(await waiter.release()).toBe(true);
  });

  it('cancels the middle waiter of a long queue without disturbing the order', async () => {
    const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
    const holder = await cachify.lock({ key: 'q' }).acquire();
    const order: number[] = [];
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const waiters = controllers.map((controller, n) =>
      cachify
        .lock({ key: 'q', nowait: false, signal: controller.signal })
        .acquire()
        .then(
          async (held) => {
            order.push(n);
            await held.release();
          },
          () => order.push(-n),
        ),
    );
    controllers[2].abort();
    await holder.release();
    await Promise.all(waiters);
    expect(order).toEqual([-2, 0, 1, 3, 4]);
  });

  it('close() rejects pending waiters with a clear error', async () => {
    const backend = new MemoryBackend();
    const cachify = new Cachify({ backend, isGlobal: false, logger: false });
    await cachify.lock({ key: 'k' }).acquire();
    const waiting = cachify.lock({ key: 'k', nowait: false }).acquire();
    await cachify.close();
    await expect(waiting).rejects.toThrow(/closed/);
  });

  it('acquireSync on an async-only backend names `await lock.acquire()`', () => {
    const cachify = new Cachify({ backend: asyncOnly(memoryBackend()), isGlobal: false });
    expect(() => cachify.lock({ key: 'k' }).acquireSync()).toThrow(/await lock\.acquire\(\)/);
    expect(() => cachify.lock({ key: 'k' }).isLockedSync()).toThrow(/await lock\.isLocked\(\)/);
  });

  it('using on an async-only backend frees the lock and says to write await using', async () => {
    const cachify = new Cachify({ backend: asyncOnly(memoryBackend()), isGlobal: false });
    const lock = cachify.lock({ key: 'k' });
    const attempt = async () => {
      using _held = await lock.acquire();
    };
    await expect(attempt()).rejects.toThrow(/await using/);
    await waitFor(async () => !(await lock.isLocked()), 5000, 'the lock to be freed');
  });

  it('a sync function wrapped on an async-only backend says to make it async', () => {
    const cachify = new Cachify({ backend: asyncOnly(memoryBackend()), isGlobal: false });
    const add = cachify.locked({ key: 'add' }, (a: number) => a + 1);
    expect(() => add(1)).toThrow(/make the function async/);
  });

  it('a function that returns a promise without being async keeps its lock until it settles', async () => {
    const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
    const work = cachify.locked({ key: 'p' }, (n: number) => sleep(20).then(() => n));
    const running = work(1);
    expect(await work.isLocked(1)).toBe(true);
    expect(await running).toBe(1);
    expect(await work.isLocked(1)).toBe(false);
  });

  it('logs through a custom logger; logger: false is silent', async () => {
    const logger = new RecordingLogger();
    const loud = new Cachify({ backend: memoryBackend(), isGlobal: false, logger });
    const quiet = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
    for (const cachify of [loud, quiet]) {
      await cachify.lock({ key: 'x' }).acquire();
      await expect(cachify.lock({ key: 'x' }).acquire()).rejects.toThrow('x is already locked!');
    }
    expect(logger.warnings).toEqual(['x is already locked!']);
  });

  it('drains 10,000 queued waiters in FIFO order', async () => {
    const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
    const holder = await cachify.lock({ key: 'drain' }).acquire();
    const order: number[] = [];
    const lock = cachify.lock({ key: 'drain', nowait: false });
    const waiters = Array.from({ length: 10_000 }, (_, n) =>
      lock.acquire().then((held) => {
        order.push(n);
        return held.release();
      }),
    );
    await holder.release();
    await Promise.all(waiters);
    expect(order).toEqual(Array.from({ length: 10_000 }, (_, n) => n));
  });
});

describe('memory backend values', () => {
  it('expired values that nobody reads again are swept as the map grows', () => {
    let now = 0;
    const backend = memoryBackend({ now: () => now });
    for (let i = 0; i < 1000; i++) backend.setValueSync(`old-${i}`, i, 10);
    now = 100;
    for (let i = 0; i < 2000; i++) backend.setValueSync(`new-${i}`, i, null);
    expect(backend.getValueSync('old-0')).toBeUndefined();
    expect(backend.getValueSync('new-0')).toBe(0);
    // The 1000 expired values went in the sweep at 1024 entries, not at a later read.
    expect(backend.stats().storedValues).toBe(2000);
  });

  it('a cached hit returns the stored object itself, not a copy', async () => {
    const cachify = new Cachify({ backend: memoryBackend() });
    const settings = cachify.cached({ key: 'settings' }, async () => ({ theme: 'dark' }));
    const first = await settings();
    first.theme = 'light';
    const second = await settings();
    expect(second).toBe(first);
    expect(second.theme).toBe('light');
  });
});
