/**
 * What a lock on Redis still promises at the edges: fencing tokens across a restart from an older
 * snapshot and across the promotion of a lagging replica, first come first served across an
 * expiry, and what idle waiters cost Redis. Each test runs its own `redis-server` (never the
 * shared one) and stops it by its pid.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/common.js';
import { lockKeys } from '../../src/backends/redis/keys.js';
import { poolKeys } from '../../src/backends/redis/pool-keys.js';
import { CachifyLockError, initCachify, type LockHandle } from '../../src/index.js';
import {
  CLIENT_KINDS,
  connectBackend,
  freePort,
  type PrivateRedis,
  sleep,
  startProxy,
  startRedis,
  trackUnhandledRejections,
} from './helpers.js';

/** The longest wait for a state Redis reaches by itself, well inside a test's timeout. */
const SETTLE_MS = 20_000;

describe.each(CLIENT_KINDS)('Redis safety with %s', (kind) => {
  let unhandled: ReturnType<typeof trackUnhandledRejections>;
  const cleanups: (() => Promise<void>)[] = [];
  const defer = (cleanup: () => Promise<void>) => cleanups.push(cleanup);

  /** A private `redis-server`, stopped after the test. */
  const server = async (extraArgs: string[] = []) => {
    const started = await startRedis(extraArgs);
    defer(() => started.stop());
    return started;
  };
  /** A raw ioredis connection to `port`, for looking at what Redis holds. */
  const rawClient = (port: number) => {
    const raw = new Redis({ port, lazyConnect: false, maxRetriesPerRequest: 1 });
    raw.on('error', () => {});
    defer(async () => raw.disconnect());
    return raw;
  };
  /** A cachify instance on its own connection to `port`. */
  const instance = async (port: number, options: { waiterLease?: number } = {}) => {
    const connected = await connectBackend(kind, { port, commandTimeout: 5000, ...options });
    defer(connected.close);
    return initCachify({ backend: connected.backend, isGlobal: false, logger: false });
  };
  /** Takes and releases `key` `count` times; the highest token handed out. */
  const acquireMany = async (
    cachify: ReturnType<typeof initCachify>,
    key: string,
    count: number,
  ) => {
    let highest = 0n;
    for (let index = 0; index < count; index++) {
      const held = await cachify.lock({ key, exp: 10_000 }).acquire();
      if (held.fencingToken > highest) highest = held.fencingToken;
      await held.release();
    }
    return highest;
  };

  beforeEach(() => {
    unhandled = trackUnhandledRejections();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await sleep(100);
    unhandled.stop();
    expect(unhandled.reasons).toEqual([]);
  });

  it('never repeats a fencing token after a crash and a restart from an older RDB snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cachify-rdb-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    const redis = await server(['--dir', dir, '--dbfilename', 'dump.rdb']);
    const raw = rawClient(redis.port);
    const key = 'snapshotted';
    const before = await instance(redis.port);
    await acquireMany(before, key, 5);
    await raw.save();
    const highest = await acquireMany(before, key, 50);
    await redis.crash();
    await redis.restart();
    // The snapshot came back: the counter is the one saved before the last 50 acquisitions.
    await waitFor(
      async () => (await raw.exists(lockKeys(`cachify:lock:${key}`).fence)) === 1,
      SETTLE_MS,
      'the fencing counter back from the snapshot',
    );
    expect(BigInt((await raw.get(lockKeys(`cachify:lock:${key}`).fence)) ?? 0)).toBeLessThan(
      highest,
    );

    const after = await instance(redis.port);
    const held = await after.lock({ key, exp: 10_000 }).acquire();
    expect(held.fencingToken).toBeGreaterThan(highest);
    await held.release();
  });

  it('never repeats a fencing token after a replica that missed the last writes is promoted', async () => {
    // A replica saves the primary's snapshot on disk when it syncs: in a directory of its own.
    const dir = await mkdtemp(join(tmpdir(), 'cachify-replica-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    const primary = await server();
    const replica = await server(['--replicaof', '127.0.0.1', String(primary.port), '--dir', dir]);
    const rawPrimary = rawClient(primary.port);
    const rawReplica = rawClient(replica.port);
    const key = 'failed-over';
    const cachify = await instance(primary.port);
    await acquireMany(cachify, key, 5);
    // The replica has everything so far...
    await waitFor(
      async () => Number(await rawPrimary.call('WAIT', '1', '1000')) === 1,
      SETTLE_MS,
      'the replica to catch up',
    );
    // ...and then misses the last 50 acquisitions: it follows a primary that is not there (and
    // keeps its data meanwhile), as after a network split.
    await rawReplica.call('REPLICAOF', '127.0.0.1', String(await freePort()));
    const highest = await acquireMany(cachify, key, 50);
    await primary.crash();
    await rawReplica.call('REPLICAOF', 'NO', 'ONE');
    expect(BigInt((await rawReplica.get(lockKeys(`cachify:lock:${key}`).fence)) ?? 0)).toBeLessThan(
      highest,
    );

    const promoted = await instance(replica.port);
    const held = await promoted.lock({ key, exp: 10_000 }).acquire();
    expect(held.fencingToken).toBeGreaterThan(highest);
    await held.release();
  });

  it('keeps a free lock for the queued waiter when it expired while the waiter was slow to wake, even against nowait: true', async () => {
    const redis = await server();
    const raw = rawClient(redis.port);
    const proxy = await startProxy(redis.port);
    defer(() => proxy.close());
    const key = 'expired-in-turn';
    const keys = lockKeys(`cachify:lock:${key}`);
    const holderSide = await instance(redis.port);
    const newcomerSide = await instance(redis.port);
    // The waiter talks to Redis through a link that can stall.
    const waiterSide = await instance(proxy.port);

    const holder = await holderSide.lock({ key, exp: 300 }).acquire();
    const waiting = waiterSide.lock({ key, nowait: false, timeout: 30_000 }).acquire();
    await waitFor(
      async () => (await raw.zcard(keys.queue)) === 1,
      SETTLE_MS,
      'a waiter in the queue',
    );
    proxy.hold();
    // The lock expires while the waiter's attempts cannot reach Redis.
    await waitFor(async () => (await raw.exists(keys.lock)) === 0, SETTLE_MS, 'the lock to expire');

    await expect(newcomerSide.lock({ key, nowait: true }).acquire()).rejects.toThrow(
      CachifyLockError,
    );
    await expect(newcomerSide.lock({ key, nowait: false, timeout: 50 }).acquire()).rejects.toThrow(
      CachifyLockError,
    );

    proxy.release();
    const held: LockHandle = await waiting;
    expect(held.fencingToken).toBeGreaterThan(holder.fencingToken);
    await held.release();
  });

  it.each(['lock', 'pool'] as const)(
    'makes Redis run no more commands for 200 idle waiters of a %s than for one',
    async (kindOfQueue) => {
      // Side by side, over the same window: one server with one waiter, one with 200.
      const waiterLease = 300;
      const sides = await Promise.all(
        [1, 200].map(async (waiters) => {
          const redis = await server();
          const raw = rawClient(redis.port);
          const key = 'idle';
          const holders = await instance(redis.port);
          const holder = await (kindOfQueue === 'lock'
            ? holders.lock({ key, exp: null })
            : holders.pool({ key, maxSize: 1, slotExp: null })
          ).acquire();
          const cachify = await instance(redis.port, { waiterLease });
          const stop = new AbortController();
          const waits = Array.from({ length: waiters }, () =>
            (kindOfQueue === 'lock'
              ? cachify.lock({ key, nowait: false, signal: stop.signal })
              : cachify.pool({ key, maxSize: 1, nowait: false, signal: stop.signal })
            )
              .acquire()
              .catch(() => {}),
          );
          const queueKey =
            kindOfQueue === 'lock'
              ? lockKeys(`cachify:lock:${key}`).queue
              : poolKeys(`cachify:pool:${key}`).queue;
          defer(async () => {
            stop.abort();
            await Promise.all(waits);
            await holder.release();
          });
          await waitFor(
            async () => (await raw.zcard(queueKey)) === waiters,
            SETTLE_MS,
            `${waiters} waiters in the queue`,
          );
          return { waiters, raw, redis: redis as PrivateRedis };
        }),
      );
      /** Commands the server ran so far, less the INFO calls made to read it. */
      const infoCalls = new Map<Redis, number>();
      const commands = async (raw: Redis) => {
        const calls = (infoCalls.get(raw) ?? 0) + 1;
        infoCalls.set(raw, calls);
        const stats = await raw.info('stats');
        return Number(/total_commands_processed:(\d+)/.exec(stats)?.[1]) - calls;
      };
      // Settle: the waiters' first attempts (and the one each makes once subscribed) are over.
      for (const side of sides) {
        let previous = await commands(side.raw);
        for (let quiet = 0; quiet < 3; ) {
          await sleep(20);
          const now = await commands(side.raw);
          quiet = now - previous <= 1 ? quiet + 1 : 0;
          previous = now;
        }
      }
      const [one, many] = sides;
      if (!one || !many) throw new Error('two sides');
      const startOne = await commands(one.raw);
      const startMany = await commands(many.raw);
      // A window of about five renewals of the single waiter's place (Redis counts each command a
      // script runs: about ten per renewal): measured in commands, not in time.
      await waitFor(
        async () => (await commands(one.raw)) - startOne >= 50,
        SETTLE_MS,
        'about five renewals of the single waiter',
      );
      const ranMany = (await commands(many.raw)) - startMany;
      const ranOne = (await commands(one.raw)) - startOne;
      expect(ranMany).toBeLessThanOrEqual(ranOne * 2 + 20);
    },
    60_000,
  );
});
