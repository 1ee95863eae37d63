/**
 * What a holder and a waiter see when the connection drops, Redis restarts or stalls: lost locks
 * reported after a reconnect, a timed-out release that claims nothing, `timeout: 0` on a free lock,
 * a stall named as one. Each test runs its own `redis-server` and stops it by its pid.
 */
import { describe, expect, it } from 'vitest';
import { abortReason, waitFor } from '../../../tests/support/common.js';
import { toBackendError } from '../../src/backends/redis/client.js';
import { lockKeys } from '../../src/backends/redis/keys.js';
import { poolKeys } from '../../src/backends/redis/pool-keys.js';
import {
  type Cachify,
  CachifyBackendError,
  CachifyLockLostError,
  initCachify,
} from '../../src/index.js';
import {
  CLIENT_KINDS,
  connectBackend,
  privateRedisPerTest,
  startProxy,
  startRedis,
} from './helpers.js';

/** The longest wait for a state Redis reaches by itself, well inside a test's timeout. */
const SETTLE_MS = 20_000;

describe.each(CLIENT_KINDS)('Redis reconnects and stalls with %s', (kind) => {
  const redis = privateRedisPerTest(kind);
  const subscribers = async () =>
    String(await redis.raw.call('CLIENT', 'LIST', 'TYPE', 'pubsub'))
      .split('\n')
      .filter((line) => line.includes('sub=') && !/ sub=0 /.test(` ${line} `)).length;

  it('aborts the signal of a lock deleted while its subscriber connection was down (CLIENT KILL TYPE pubsub)', async () => {
    const cachify = await redis.instance();
    const key = 'killed-subscriber';
    const holder = await cachify.lock({ key, exp: 60_000 }).acquire();
    const lost = abortReason(holder.signal);
    await waitFor(async () => (await subscribers()) === 1, SETTLE_MS, '1 subscriber connection');
    // Deleted without a message (as a force release whose message the dropped connection missed).
    await redis.raw.del(lockKeys(`cachify:lock:${key}`).lock);
    await redis.raw.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    const reason = await lost;
    expect(reason).toBeInstanceOf(CachifyLockLostError);
    expect((reason as CachifyLockLostError).reason).toBe('released');
    expect(holder.held).toBe(false);
  }, 60_000);

  it('aborts the signal of a lock that a Redis restart without persistence dropped, once another process takes it', async () => {
    const holderSide = await redis.instance();
    const otherSide = await redis.instance();
    const key = 'restarted-holder';
    const holder = await holderSide.lock({ key, exp: 60_000 }).acquire();
    const lost = abortReason(holder.signal);
    await waitFor(async () => (await subscribers()) === 1, SETTLE_MS, '1 subscriber connection');
    await redis.server.restart();
    const taker = await otherSide.lock({ key, nowait: false, timeout: 30_000 }).acquire();
    const reason = await lost;
    expect(reason).toBeInstanceOf(CachifyLockLostError);
    expect(['released', 'taken']).toContain((reason as CachifyLockLostError).reason);
    expect(holder.held).toBe(false);
    expect(taker.held).toBe(true);
  }, 60_000);

  it('says held: false after a release that timed out (Redis paused), and never claims the lock once the late release ran', async () => {
    const cachify = await redis.instance(300);
    const other = await redis.instance();
    const key = 'slow-release';
    const holder = await cachify.lock({ key, exp: 60_000 }).acquire();
    // Once Redis answers the pause, it holds every command until the pause ends (unlike DEBUG
    // SLEEP sent on another connection, which the release could overtake on a busy machine).
    await redis.raw.call('CLIENT', 'PAUSE', '1500', 'ALL');
    await expect(holder.release()).rejects.toThrow(/no reply within 300 ms/);
    expect(holder.held).toBe(false);
    // The release ran after all: the lock is free, someone else takes it.
    const taker = await other.lock({ key, nowait: false, timeout: 10_000 }).acquire();
    expect(holder.held).toBe(false);
    expect(taker.held).toBe(true);
    // Retrying the release finds nothing of its own to release.
    expect(await holder.release()).toBe(false);
    expect(await taker.release()).toBe(true);
  }, 60_000);

  it('takes a free lock with nowait: false and timeout: 0 (or 1) every time', async () => {
    const cachify = await redis.instance();
    const failures: unknown[] = [];
    for (let index = 0; index < 300; index++) {
      try {
        const held = await cachify
          .lock({ key: `free-${index}`, nowait: false, timeout: index % 2 })
          .acquire();
        await held.release();
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('fails a timed wait during a stall past the command timeout with CachifyBackendError naming the stall', async () => {
    const cachify = await redis.instance(500);
    await redis.raw.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    try {
      const waiting = cachify.lock({ key: 'stalled', nowait: false, timeout: 300 }).acquire();
      await expect(waiting).rejects.toBeInstanceOf(CachifyBackendError);
      await expect(waiting).rejects.toThrow(
        /Redis is unreachable \(acquire failed\): no reply within 500 ms/,
      );
    } finally {
      await redis.raw.call('CLIENT', 'UNPAUSE');
    }
  }, 60_000);

  it('prints no MaxListenersExceededWarning with 20 waiters on one backend', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const cachify = await redis.instance();
      const key = 'many-waiters';
      const holder = await cachify.lock({ key, exp: 60_000 }).acquire();
      const waits = Array.from({ length: 20 }, () =>
        cachify
          .lock({ key, nowait: false, timeout: 30_000 })
          .acquire()
          .then((held) => held.release()),
      );
      await waitFor(
        async () => Number(await redis.raw.zcard(lockKeys(`cachify:lock:${key}`).queue)) === 20,
        SETTLE_MS,
        '20 waiters in the queue',
      );
      await holder.release();
      await Promise.all(waits);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  }, 60_000);

  it.each(['lock', 'pool'] as const)(
    'a waiter whose %s was granted by an attempt whose reply a dropped connection lost still gets it, once',
    async (what) => {
      const proxy = await startProxy(redis.server.port);
      try {
        const holderSide = await redis.instance();
        // The waiter talks to Redis through a link that can drop; with a long lease, its
        // heartbeat sends nothing meanwhile, so what the link holds is the waiter's attempt.
        const through = await connectBackend(kind, {
          port: proxy.port,
          commandTimeout: 5000,
          waiterLease: 120_000,
        });
        const waiterSide = initCachify({
          backend: through.backend,
          isGlobal: false,
          logger: false,
        });
        const key = `cut-${what}`;
        const take = (side: Cachify, nowait: boolean) =>
          what === 'lock'
            ? side.lock({ key, exp: 30_000, nowait, timeout: 30_000 }).acquire()
            : side.pool({ key, maxSize: 1, slotExp: 30_000, nowait, timeout: 30_000 }).acquire();
        const queue =
          what === 'lock'
            ? lockKeys(`cachify:lock:${key}`).queue
            : poolKeys(`cachify:pool:${key}`).queue;
        try {
          const holder = await take(holderSide, true);
          const waiting = take(waiterSide, false);
          await waitFor(async () => (await redis.raw.zcard(queue)) === 1, SETTLE_MS, 'a waiter');
          proxy.hold();
          // The release hands over to the waiter, whose attempt then waits in the proxy.
          await holder.release();
          await waitFor(() => proxy.heldChunks() > 0, SETTLE_MS, "the waiter's attempt");
          // Redis grants it, but the reply is lost with the connection.
          proxy.cut();
          const held = await waiting;
          expect(held.fencingToken).toBeGreaterThan(holder.fencingToken);
          expect(await held.release()).toBe(true);
          // Nothing of the lost grant is left behind.
          const left =
            what === 'lock'
              ? await redis.raw.exists(lockKeys(`cachify:lock:${key}`).lock)
              : await redis.raw.zcard(poolKeys(`cachify:pool:${key}`).slots);
          expect(left).toBe(0);
        } finally {
          await through.close();
        }
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );

  it('names the cause when Redis is down', async () => {
    const cachify = await redis.instance(1000);
    await redis.server.stop();
    const attempt = cachify.lock({ key: 'down' }).acquire();
    await expect(attempt).rejects.toBeInstanceOf(CachifyBackendError);
    await expect(attempt).rejects.toThrow(/Redis is unreachable \(acquire failed\): \S/);
    redis.server = await startRedis();
  }, 60_000);
});

describe('Redis failure messages', () => {
  it("names the cause of a connection failure whose error has no message (Node's AggregateError of ECONNREFUSED per address)", () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    const failure = Object.assign(
      new AggregateError([refused('::1:6390'), refused('127.0.0.1:6390')], ''),
      { code: 'ECONNREFUSED' },
    );
    expect(toBackendError(failure, 'acquire').message).toBe(
      'Redis is unreachable (acquire failed): connect ECONNREFUSED ::1:6390; connect ECONNREFUSED 127.0.0.1:6390',
    );
    const closed = Object.assign(new Error(''), { code: 'ECONNRESET' });
    expect(toBackendError(closed, 'release').message).toBe(
      'Redis is unreachable (release failed): ECONNRESET',
    );
  });
});
