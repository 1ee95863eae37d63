/**
 * The pool behaviour every pool backend must show, written once and run against each of them:
 * `describePoolSuite('memory', () => memoryBackend())`, and the same on Redis (both clients, and
 * a cluster). Like the lock suite, it waits for conditions rather than fixed times where it can,
 * and gives every test its own key prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Cachify,
  CachifyError,
  CachifyLockLostError,
  type CachifyOptions,
  CachifyPoolFullError,
  type LockBackend,
  type SlotHandle,
} from '../../src/index.js';
import {
  RecordingLogger,
  settled,
  sleep,
  sleepUntil,
  uniqueTestPrefix,
  waitFor,
} from './lock-suite.js';

/** Options of {@link describePoolSuite}. */
export interface PoolSuiteOptions {
  /** The backend has the `*Sync` operations: also run the sync forms. */
  sync?: boolean;
  /** Frees the backend after the suite. Default: `backend.close()`. */
  closeBackend?: (backend: LockBackend) => Promise<void> | void;
}

/** Registers the shared pool tests for one backend. */
export function describePoolSuite(
  name: string,
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: PoolSuiteOptions = {},
): void {
  describe(`${name} backend: pools`, () => {
    let backend: LockBackend;

    beforeAll(async () => {
      backend = await makeBackend();
    });
    afterAll(async () => {
      if (options.closeBackend !== undefined) await options.closeBackend(backend);
      else await backend.close?.();
    });

    function setup(extra: Omit<CachifyOptions, 'backend' | 'isGlobal'> = {}) {
      const logger = new RecordingLogger();
      const cachify = new Cachify({ backend, prefix: uniqueTestPrefix(name), logger, ...extra });
      return { cachify, logger };
    }

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
        await sleep(50);
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
        const reason = await new Promise<unknown>((resolve) =>
          signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
        );
        expect(reason).toBeInstanceOf(CachifyLockLostError);
        expect((reason as CachifyLockLostError).reason).toBe('expired');
        expect((reason as CachifyLockLostError).key).toBe('lost');
        expect(slot.held).toBe(false);
      });

      it('releasing the slot does not abort its signal', async () => {
        const { cachify } = setup();
        const slot = await cachify.pool({ key: 'clean', maxSize: 1, slotExp: 100 }).acquire();
        const signal = slot.signal;
        await slot.release();
        await sleep(150);
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
        await sleep(100); // every waiter joins the queue
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
        await sleep(50);
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
        await sleep(100);
        controller.abort(new Error('user cancelled'));
        await expect(cancelled).rejects.toThrow('user cancelled');
        await holder.release();
        const slot = await next;
        expect(slot.held).toBe(true);
        await slot.release();
        expect(await cachify.pool({ key: 'abort', maxSize: 1 }).size()).toBe(0);
      });
    });

    describe('pooled()', () => {
      it('at most maxSize calls per key run at once; a call that finds the pool full returns onFull(...args)', async () => {
        const { cachify, logger } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const exportData = cachify.pooled(
          { key: 'export-{0}', maxSize: 2, onFull: (user: string) => `${user}: busy` },
          async (user: string) => {
            await gate;
            return `${user}: ready`;
          },
        );
        const calls = [exportData('ann'), exportData('ann')];
        await waitFor(async () => (await exportData.size('ann')) === 2);
        expect(await exportData('ann')).toBe('ann: busy');
        expect(await exportData.size('bob')).toBe(0);
        expect(logger.warnings).toEqual(['export-ann is full (maxSize=2)']);
        const bob = exportData('bob');
        release();
        expect(await Promise.all([...calls, bob])).toEqual([
          'ann: ready',
          'ann: ready',
          'bob: ready',
        ]);
        expect(await exportData.size('ann')).toBe(0);
      });

      it('onFull defaults to returning undefined; raiseOnFull throws CachifyPoolFullError', async () => {
        const { cachify } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const quiet = cachify.pooled({ key: 'quiet', maxSize: 1 }, async () =>
          gate.then(() => 'ran'),
        );
        const loud = cachify.pooled({ key: 'loud', maxSize: 1, raiseOnFull: true }, async () =>
          gate.then(() => 'ran'),
        );
        const running = [quiet(), loud()];
        await waitFor(async () => (await quiet.size()) === 1 && (await loud.size()) === 1);
        expect(await quiet()).toBeUndefined();
        await expect(loud()).rejects.toThrow(new CachifyPoolFullError('loud', 1));
        release();
        expect(await Promise.all(running)).toEqual(['ran', 'ran']);
      });

      it('an error thrown by the function is passed on, not mistaken for a full pool, and frees the slot', async () => {
        const { cachify } = setup();
        const task = cachify.pooled(
          { key: 'throws', maxSize: 1, onFull: () => 'full' },
          async () => {
            throw new CachifyPoolFullError('inner', 9);
          },
        );
        await expect(task()).rejects.toThrow('inner is full (maxSize=9)');
        expect(await task.size()).toBe(0);
      });

      it('pool.pooled() binds functions to one pool, which they share', async () => {
        const { cachify } = setup();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const partnerApi = cachify.pool({ key: 'partner-api', maxSize: 2 });
        const quote = partnerApi.pooled(
          { onFull: (item: string) => `${item}: busy` },
          async (item: string) => gate.then(() => `quote ${item}`),
        );
        const stock = partnerApi.pooled(
          { onFull: (item: string) => `${item}: busy` },
          async (item: string) => gate.then(() => `stock ${item}`),
        );
        const running = [quote('lamp'), stock('lamp')];
        await waitFor(async () => (await partnerApi.size()) === 2);
        expect(await stock('desk')).toBe('desk: busy');
        expect(await quote.size()).toBe(2);
        release();
        expect(await Promise.all(running)).toEqual(['quote lamp', 'stock lamp']);
      });

      it('keeps `this` for methods', async () => {
        const { cachify } = setup();
        class Exporter {
          done = 0;
          run = cachify.pooled(
            { key: 'export', maxSize: 1 },
            async function (this: Exporter, n: number) {
              this.done += n;
              return this.done;
            },
          );
        }
        const exporter = new Exporter();
        expect(await exporter.run(2)).toBe(2);
        expect(await exporter.run(3)).toBe(5);
      });
    });

    if (options.sync) describeSyncPoolSuite(setup);
  });
}

/** The sync forms, for backends with `*Sync` operations. */
function describeSyncPoolSuite(
  setup: (extra?: Omit<CachifyOptions, 'backend' | 'isGlobal'>) => {
    cachify: Cachify;
    logger: RecordingLogger;
  },
): void {
  describe('sync forms', () => {
    it('using gives back a slot taken with acquireSync at the end of the block', () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'worker-pool', maxSize: 2 });
      {
        using slot = workers.acquireSync();
        expect(slot.held).toBe(true);
        expect(workers.sizeSync()).toBe(1);
      }
      expect(workers.sizeSync()).toBe(0);
    });

    it('acquireSync on a full pool throws "<key> is full (maxSize=<n>)" and logs it once', () => {
      const { cachify, logger } = setup();
      using _slot = cachify.pool({ key: 'k', maxSize: 1 }).acquireSync();
      expect(() => cachify.pool({ key: 'k', maxSize: 1 }).acquireSync()).toThrow(
        new CachifyPoolFullError('k', 1),
      );
      expect(logger.warnings).toEqual(['k is full (maxSize=1)']);
    });

    it('acquireSync with nowait: false blocks until a slot expires, or gives up after timeout', () => {
      const { cachify, logger } = setup();
      const hung = cachify.pool({ key: 'block', maxSize: 1, slotExp: 150 }).acquireSync();
      const slot = cachify
        .pool({ key: 'block', maxSize: 1, nowait: false, timeout: 4000 })
        .acquireSync();
      expect(Date.now()).toBeGreaterThanOrEqual(hung.expiresAt ?? 0);
      expect(hung.releaseSync()).toBe(false);
      expect(() =>
        cachify.pool({ key: 'block', maxSize: 1, nowait: false, timeout: 100 }).acquireSync(),
      ).toThrow('block is full (maxSize=1)');
      expect(logger.warnings).toEqual(['block is full (maxSize=1)']);
      expect(slot.releaseSync()).toBe(true);
    });

    it('acquireSync refuses to wait forever for slots nothing can free', () => {
      const { cachify } = setup();
      using _slot = cachify.pool({ key: 'deadlock', maxSize: 1, slotExp: null }).acquireSync();
      expect(() =>
        cachify.pool({ key: 'deadlock', maxSize: 1, nowait: false }).acquireSync(),
      ).toThrow(/would wait forever/);
    });

    it('runSync, sizeSync and extendSync', () => {
      const { cachify } = setup();
      const workers = cachify.pool({ key: 'sync-run', maxSize: 2, slotExp: 1000 });
      expect(workers.runSync((slot) => (slot.held ? workers.sizeSync() : -1))).toBe(1);
      expect(workers.sizeSync()).toBe(0);
      const slot = workers.acquireSync();
      const before = slot.expiresAt ?? 0;
      expect(slot.extendSync(5000)).toBe(true);
      expect(slot.expiresAt ?? 0).toBeGreaterThan(before);
      expect(slot.releaseSync()).toBe(true);
      expect(slot.extendSync()).toBe(false);
    });

    it('a sync pooled function stays sync: no promise, onFull returned as is', () => {
      const { cachify } = setup();
      const resize = cachify.pooled(
        { key: 'resize', maxSize: 1, onFull: () => -1 },
        (width: number): number =>
          // Inside the call its slot is taken, so a nested call finds the pool full.
          width === 0 ? resize(1) : width * 2,
      );
      expect(resize(320)).toBe(640);
      expect(resize(0)).toBe(-1);
      expect(resize.sizeSync(0)).toBe(0);
    });
  });
}

export type { SlotHandle };
