/**
 * The behaviour every backend must show, written once and run against each of them:
 * `describeLockSuite('memory', () => memoryBackend())`, and the same with a Redis backend.
 *
 * The suite assumes nothing about the backend's speed or timers: it runs on real time (or, for a
 * backend on this process's clock, on fake timers: `fakeTimers`), waits for conditions instead of
 * sleeping fixed amounts where it can, and gives every test its own key prefix so that backends on
 * a shared store do not see each other's keys.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep, uniquePrefix as uniqueTestPrefix } from '../../../tests/support/common.js';
import {
  Cachify,
  CachifyError,
  CachifyLockError,
  CachifyLockLostError,
  type CachifyOptions,
  type LockBackend,
  type LockHandle,
} from '../../src/index.js';
import { storageKey } from '../../src/storage-keys.js';

/** Options of {@link describeLockSuite}. */
export interface LockSuiteOptions {
  /** The backend has the `*Sync` operations: also run the sync forms of each behaviour. */
  sync?: boolean;
  /** Frees the backend after the suite. Default: `backend.close()`. */
  closeBackend?: (backend: LockBackend) => Promise<void> | void;
  /**
   * Runs each async test on vitest's fake timers (`Date` and timers), which jump to the next timer
   * whenever the test waits: no test waits on real time. Only for a backend whose clock is this
   * process's `Date.now()`, read at each call (`memoryBackend({ now: () => Date.now() })`).
   * The sync forms stay on real time: a blocked thread cannot move a fake clock.
   */
  fakeTimers?: boolean;
  /**
   * Test-only: how many waiters the queue of the lock stored under `storageKey` holds, so that a
   * test waits for its waiters to join the queue rather than sleeping. Default: the acquisitions
   * the backend has not answered yet, which is the queue of a backend that queues a waiter before
   * `acquireLock` returns (the memory backend).
   */
  queueLength?: (backend: LockBackend, storageKey: string) => number | Promise<number>;
}

/** A logger that remembers what it was told. */
export class RecordingLogger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
}

export { sleep, uniquePrefix as uniqueTestPrefix } from '../../../tests/support/common.js';

/**
 * Resolves once `Date.now()` has reached `at` (epoch ms). Timers may fire a little early; this
 * checks the clock and waits again, so a test can rely on the moment having passed.
 */
export async function sleepUntil(at: number): Promise<void> {
  while (Date.now() < at) await sleep(at - Date.now() + 1);
}

/** Waits until `condition()` holds (checked every 5 ms), failing after `within` ms. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  within = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + within;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The backend, seen through a proxy that counts its unanswered acquisitions per storage key. */
function countingAcquisitions(backend: LockBackend): {
  backend: LockBackend;
  pending: (storageKey: string) => number;
} {
  const pending = new Map<string, number>();
  const count = (key: string, change: number) => pending.set(key, (pending.get(key) ?? 0) + change);
  const acquireLock: LockBackend['acquireLock'] = (request) => {
    count(request.key, 1);
    const answer = backend.acquireLock(request);
    const answered = () => count(request.key, -1);
    answer.then(answered, answered);
    return answer;
  };
  const proxy = new Proxy(backend, {
    get(target, property) {
      if (property === 'acquireLock') return acquireLock;
      const value = Reflect.get(target, property);
      // Methods run on the backend itself, whose private fields the proxy does not have.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { backend: proxy, pending: (storageKey) => pending.get(storageKey) ?? 0 };
}

/** Far past any lifetime a lock can be given: the latest moment a `Date` can hold. */
const END_OF_TIME = 8.64e15;

/** Whether a promise has settled by the time pending callbacks have run. */
export async function settled(promise: Promise<unknown>, grace = 20): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await sleep(grace);
  return done;
}

/** Registers the shared lock, handle, wrapper and cache tests for one backend. */
export function describeLockSuite(
  name: string,
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: LockSuiteOptions = {},
): void {
  describe(`${name} backend`, () => {
    let created: LockBackend;
    let backend: LockBackend;
    let unanswered: (storageKey: string) => number;

    beforeAll(async () => {
      created = await makeBackend();
      ({ backend, pending: unanswered } = countingAcquisitions(created));
    });
    afterAll(async () => {
      if (options.closeBackend !== undefined) await options.closeBackend(created);
      else await created.close?.();
    });
    if (options.fakeTimers) {
      beforeEach(() => {
        vi.useFakeTimers({
          toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
        });
        vi.setTimerTickMode('nextTimerAsync');
      });
      afterEach(() => {
        vi.useRealTimers();
      });
    }

    /** Waits until `count` waiters are in the queue of the lock `key` of `cachify`. */
    async function queued(cachify: Cachify, key: string, count: number): Promise<void> {
      const stored = storageKey(cachify.prefix, 'lock', key);
      const length = () =>
        options.queueLength !== undefined
          ? options.queueLength(created, stored)
          : unanswered(stored);
      await waitFor(async () => (await length()) === count, 5000, `${count} waiters in the queue`);
    }

    /** A separate instance on the suite's backend, with its own prefix and a recording logger. */
    function setup(extra: Omit<CachifyOptions, 'backend' | 'isGlobal'> = {}) {
      const logger = new RecordingLogger();
      const cachify = new Cachify({
        backend,
        prefix: uniqueTestPrefix(name),
        logger,
        ...extra,
      });
      return { cachify, logger };
    }

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
        if (options.fakeTimers) vi.setSystemTime(END_OF_TIME);
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

    describe('handle.signal and extend', () => {
      it('a lost lock aborts handle.signal with CachifyLockLostError (expired)', async () => {
        const { cachify } = setup();
        const held = await cachify.lock({ key: 'lost', exp: 150 }).acquire();
        const signal = held.signal;
        expect(signal.aborted).toBe(false);
        const reason = await new Promise<unknown>((resolve) =>
          signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
        );
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
        const held = await cachify.lock({ key: 'clean', exp: 100 }).acquire();
        const signal = held.signal;
        await held.release();
        await sleep(150);
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
        const held = await cachify
          .lock({ key: 'auto-lost', exp: 1500, autoExtend: true })
          .acquire();
        await cachify.lock({ key: 'auto-lost' }).release();
        // `held` (not `signal`, whose first read would start watching) turns false at the loss.
        await waitFor(() => !held.held, 5000, 'the renewal to fail');
        expect(held.signal.aborted).toBe(true);
        expect((held.signal.reason as CachifyLockLostError).reason).toBe('extend-failed');
        expect(held.held).toBe(false);
      });
    });

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

    describe('once()', () => {
      it('while a call runs, another call with the key returns returnOnLocked', async () => {
        const { cachify } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const task = cachify.once(
          { key: 'task-{0}', returnOnLocked: 'in progress' },
          async (day: string) => {
            await gate;
            return `done ${day}`;
          },
        );
        const first = task('mon');
        await waitFor(() => task.isLocked('mon'));
        expect(await task('mon')).toBe('in progress');
        expect(await task.isLocked('mon')).toBe(true);
        release();
        expect(await first).toBe('done mon');
        expect(await task('tue')).toBe('done tue');
        expect(await task.isLocked('mon')).toBe(false);
      });

      it('returnOnLocked defaults to undefined; raiseOnLocked throws CachifyLockError', async () => {
        const { cachify } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const quiet = cachify.once({ key: 'quiet' }, async () => gate.then(() => 'ran'));
        const loud = cachify.once({ key: 'loud', raiseOnLocked: true }, async () =>
          gate.then(() => 'ran'),
        );
        const running = [quiet(), loud()];
        await waitFor(async () => (await quiet.isLocked()) && (await loud.isLocked()));
        expect(await quiet()).toBeUndefined();
        await expect(loud()).rejects.toThrow('loud is already locked!');
        release();
        expect(await Promise.all(running)).toEqual(['ran', 'ran']);
      });

      it('an error thrown by the function is not mistaken for a held key', async () => {
        const { cachify } = setup();
        const task = cachify.once({ key: 'throws' }, async () => {
          throw new CachifyLockError('inner');
        });
        await expect(task()).rejects.toThrow('inner is already locked!');
        expect(await task.isLocked()).toBe(false);
      });

      it('exp bounds how long one run keeps the key', async () => {
        const { cachify } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const task = cachify.once({ key: 'bounded', exp: 100 }, async () => gate.then(() => 'a'));
        const first = task();
        await waitFor(async () => !(await task.isLocked()));
        const second = task();
        release();
        expect(await Promise.all([first, second])).toEqual(['a', 'a']);
      });

      it('.release() frees the key of a run', async () => {
        const { cachify } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const task = cachify.once({ key: 'free-{0}' }, async (_n: number) => gate.then(() => 1));
        const first = task(1);
        await waitFor(() => task.isLocked(1));
        expect(await task.release(1)).toBe(true);
        expect(await task.isLocked(1)).toBe(false);
        release();
        expect(await first).toBe(1);
      });
    });

    describe('cached()', () => {
      it('caches results per key; reset() forgets one key', async () => {
        const { cachify } = setup();
        const calls: number[] = [];
        const square = cachify.cached({ key: 'sq-{0}' }, async (n: number) => {
          calls.push(n);
          return n * n;
        });
        expect(await square(3)).toBe(9);
        expect(await square(3)).toBe(9);
        expect(await square(4)).toBe(16);
        expect(calls).toEqual([3, 4]);
        await square.reset(3);
        expect(await square(3)).toBe(9);
        expect(await square(4)).toBe(16);
        expect(calls).toEqual([3, 4, 3]);
      });

      it('concurrent misses of one key compute once', async () => {
        const { cachify } = setup();
        let computations = 0;
        const slow = cachify.cached({ key: 'slow' }, async () => {
          computations += 1;
          await sleep(30);
          return { value: 'v' };
        });
        const results = await Promise.all([slow(), slow(), slow(), slow()]);
        expect(computations).toBe(1);
        expect(results.map((r) => r.value)).toEqual(['v', 'v', 'v', 'v']);
      });

      it('undefined is never a hit', async () => {
        const { cachify } = setup();
        let calls = 0;
        const nothing = cachify.cached({ key: 'nothing' }, async () => {
          calls += 1;
          return undefined;
        });
        await nothing();
        await nothing();
        expect(calls).toBe(2);
      });

      it('a failed computation is not cached, and every concurrent caller sees the error', async () => {
        const { cachify } = setup();
        let calls = 0;
        const flaky = cachify.cached({ key: 'flaky' }, async () => {
          calls += 1;
          await sleep(10);
          if (calls === 1) throw new Error('first fails');
          return 'ok';
        });
        const results = await Promise.allSettled([flaky(), flaky()]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
        expect(await flaky()).toBe('ok');
        expect(calls).toBe(2);
      });

      it('ttl expires a result', async () => {
        const { cachify } = setup();
        let calls = 0;
        const fresh = cachify.cached({ key: 'ttl', ttl: 100 }, async () => {
          calls += 1;
          return calls;
        });
        expect(await fresh()).toBe(1);
        expect(await fresh()).toBe(1);
        await waitFor(async () => (await fresh()) === 2, 5000, 'the cached value to expire');
        expect(calls).toBe(2);
      });

      it('encode / decode turn values into what the store keeps and back', async () => {
        const { cachify } = setup();
        class Point {
          constructor(
            readonly x: number,
            readonly y: number,
          ) {}
        }
        const encoded: unknown[] = [];
        const point = cachify.cached(
          {
            key: 'point-{0}',
            // A string: what every store can keep.
            encode: (p) => {
              const text = `${p.x},${p.y}`;
              encoded.push(text);
              return text;
            },
            decode: (stored) => {
              const [x, y] = String(stored).split(',').map(Number);
              return new Point(x, y);
            },
          },
          async (n: number) => new Point(n, n + 1),
        );
        const first = await point(1);
        const second = await point(1);
        expect(first).toBeInstanceOf(Point);
        expect(second).toBeInstanceOf(Point);
        expect(second).toEqual(new Point(1, 2));
        expect(encoded).toEqual(['1,2']);
      });

      it('stacked wrappers pass reset / isLocked outwards', async () => {
        const { cachify } = setup();
        const inner = cachify.locked({ key: 'stack-{0}' }, async (n: number) => n + 1);
        const outer = cachify.cached({ key: 'stack-{0}' }, inner);
        expect(await outer(1)).toBe(2);
        expect(typeof outer.reset).toBe('function');
        expect(await outer.isLocked(1)).toBe(false);
        await outer.reset(1);
      });
    });

    if (options.sync) describeSyncSuite(name, setup);
  });
}

/** The sync forms, for backends with `*Sync` operations. */
function describeSyncSuite(
  name: string,
  setup: (extra?: Omit<CachifyOptions, 'backend' | 'isGlobal'>) => {
    cachify: Cachify;
    logger: RecordingLogger;
  },
): void {
  describe(`${name}: sync forms`, () => {
    // Blocking waits sleep the thread itself, which no fake clock can move.
    beforeEach(() => {
      vi.useRealTimers();
    });

    it('using releases a lock taken with acquireSync at the end of the block', () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'cool-sync-lock' });
      {
        using held = lock.acquireSync();
        expect(held.held).toBe(true);
        expect(lock.isLockedSync()).toBe(true);
      }
      expect(lock.isLockedSync()).toBe(false);
    });

    it('acquireSync on a held key throws "<key> is already locked!" and logs it once', () => {
      const { cachify, logger } = setup();
      using _held = cachify.lock({ key: 'k' }).acquireSync();
      expect(() => cachify.lock({ key: 'k' }).acquireSync()).toThrow(new CachifyLockError('k'));
      expect(logger.warnings).toEqual(['k is already locked!']);
    });

    it('acquireSync with nowait: false blocks until the holder expires', () => {
      const { cachify, logger } = setup();
      const outer = cachify.lock({ key: 'block', exp: 150 }).acquireSync();
      const inner = cachify.lock({ key: 'block', nowait: false, timeout: 4000 }).acquireSync();
      expect(inner.held).toBe(true);
      expect(Date.now()).toBeGreaterThanOrEqual(outer.expiresAt ?? 0);
      expect(outer.releaseSync()).toBe(false);
      expect(inner.releaseSync()).toBe(true);
      expect(logger.warnings).toEqual([]);
    });

    it('acquireSync with nowait: false gives up after timeout with the same error', () => {
      const { cachify, logger } = setup();
      using _outer = cachify.lock({ key: 'block-timeout', exp: 10_000 }).acquireSync();
      expect(() =>
        cachify.lock({ key: 'block-timeout', nowait: false, timeout: 100 }).acquireSync(),
      ).toThrow('block-timeout is already locked!');
      expect(logger.warnings).toEqual(['block-timeout is already locked!']);
    });

    it('acquireSync refuses to wait forever for a lock nothing can release', () => {
      const { cachify } = setup();
      using _outer = cachify.lock({ key: 'deadlock', exp: null }).acquireSync();
      expect(() => cachify.lock({ key: 'deadlock', nowait: false }).acquireSync()).toThrow(
        /would wait forever/,
      );
    });

    it('acquireSync with an aborted signal throws its reason and takes nothing', () => {
      const { cachify } = setup();
      const controller = new AbortController();
      controller.abort(new Error('cancelled'));
      const lock = cachify.lock({ key: 'sync-aborted', signal: controller.signal });
      expect(() => lock.acquireSync()).toThrow('cancelled');
      expect(lock.isLockedSync()).toBe(false);
    });

    it('runSync, isLockedSync, releaseSync (force) and extendSync', () => {
      const { cachify } = setup();
      const lock = cachify.lock({ key: 'sync-run', exp: 1000 });
      expect(lock.runSync((held) => (held.held ? 'held' : 'not'))).toBe('held');
      expect(lock.isLockedSync()).toBe(false);
      const held = lock.acquireSync();
      const before = held.expiresAt ?? 0;
      expect(held.extendSync(5000)).toBe(true);
      expect(held.expiresAt ?? 0).toBeGreaterThan(before);
      expect(lock.releaseSync()).toBe(true);
      expect(held.signal.aborted).toBe(true);
      expect(held.releaseSync()).toBe(false);
      expect(held.extendSync()).toBe(false);
    });

    it('sync wrappers stay sync', () => {
      const { cachify } = setup();
      const add = cachify.locked({ key: 'add-{0}' }, (a: number, b: number) => a + b);
      expect(add(1, 2)).toBe(3);
      expect(add.isLockedSync(1, 2)).toBe(false);
      let calls = 0;
      const square = cachify.cached({ key: 'sq-{0}' }, (n: number) => {
        calls += 1;
        return n * n;
      });
      expect(square(5)).toBe(25);
      expect(square(5)).toBe(25);
      expect(calls).toBe(1);
      square.resetSync(5);
      expect(square(5)).toBe(25);
      expect(calls).toBe(2);
      const task = cachify.once({ key: 'task', returnOnLocked: 'busy' }, (): string => {
        const nested: string = task();
        return `outer, nested: ${nested}`;
      });
      expect(task()).toBe('outer, nested: busy');
    });

    it('a sync cached function stores what encode returns and returns what decode gives', () => {
      const { cachify } = setup();
      const encoded: string[] = [];
      const range = cachify.cached(
        {
          key: 'range-{0}',
          encode: (numbers) => {
            const text = numbers.join(',');
            encoded.push(text);
            return text;
          },
          decode: (stored) => String(stored).split(',').map(Number),
        },
        (n: number) => [n, n + 1],
      );
      expect(range(1)).toEqual([1, 2]);
      expect(range(1)).toEqual([1, 2]);
      expect(encoded).toEqual(['1,2']);
    });

    it('a sync locked function holds its lock while it runs', () => {
      const { cachify } = setup();
      const work = cachify.locked({ key: 'reentry' }, (): string => {
        try {
          return `inner ${work()}`;
        } catch (error) {
          return (error as Error).message;
        }
      });
      expect(work()).toBe('reentry is already locked!');
    });
  });
}

/** Keeps the handle type in the public surface of this module for suites that extend it. */
export type { LockHandle };
