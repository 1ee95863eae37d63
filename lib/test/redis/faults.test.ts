/**
 * Redis going away under a lock: restarts, a stopped server, `CLIENT PAUSE`. Each test runs its
 * own `redis-server` (never the shared one) and stops it by its pid.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockKeys } from '../../src/backends/redis/keys.js';
import {
  CachifyBackendError,
  CachifyLockLostError,
  initCachify,
  type LockHandle,
} from '../../src/index.js';
import {
  CLIENT_KINDS,
  connectBackend,
  type PrivateRedis,
  startRedis,
  trackUnhandledRejections,
} from './helpers.js';

type Outcome = { token: bigint } | { error: unknown };

describe.each(CLIENT_KINDS)('Redis faults with %s', (kind) => {
  let server: PrivateRedis;
  let raw: Redis;
  let unhandled: ReturnType<typeof trackUnhandledRejections>;
  const cleanups: (() => Promise<void>)[] = [];

  /** A cachify instance on its own connection to the private server. */
  const instance = async (commandTimeout = 5000) => {
    const connected = await connectBackend(kind, { port: server.port, commandTimeout });
    cleanups.push(connected.close);
    return initCachify({ backend: connected.backend, isGlobal: false, logger: false });
  };
  const queueLength = async (key: string) =>
    Number(await raw.zcard(lockKeys(`cachify:lock:${key}`).queue));
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  beforeEach(async () => {
    unhandled = trackUnhandledRejections();
    server = await startRedis();
    raw = new Redis({ port: server.port });
    raw.on('error', () => {});
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    raw.disconnect();
    await server.stop();
    // Let late rejections surface before checking.
    await new Promise((resolve) => setTimeout(resolve, 100));
    unhandled.stop();
    expect(unhandled.reasons).toEqual([]);
  });

  it('recovers waiters when Redis restarts while a lock is held, with fencing tokens still increasing', async () => {
    const holderSide = await instance();
    const waiterSide = await instance();
    const key = 'restarted';
    const holder = await holderSide.lock({ key, exp: 10_000 }).acquire();
    void holder.signal;
    const outcomes: Promise<Outcome>[] = [0, 1].map((index) =>
      waiterSide
        .lock({ key, nowait: false, timeout: 30_000 })
        .acquire()
        .then(
          async (held: LockHandle) => {
            // Hold briefly, as real work would, then let the next waiter in.
            await new Promise((resolve) => setTimeout(resolve, 10 * index));
            await held.release();
            return { token: held.fencingToken };
          },
          (error: unknown) => ({ error }),
        ),
    );
    await until(async () => (await queueLength(key)) === 2);

    // The restarted server has no persistence: the lock, its queue and its counter are gone.
    await server.restart();

    const settled = await Promise.all(outcomes);
    for (const outcome of settled) {
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(CachifyBackendError);
      else expect(outcome.token).toBeGreaterThan(holder.fencingToken);
    }
    // The clients reconnect by themselves, so the waiters got the lock.
    expect(settled.filter((outcome) => 'token' in outcome)).toHaveLength(2);
    // The holder heard of it: its subscriber's reconnect found the lock no longer its own.
    await until(async () => holder.signal.aborted);
    expect(holder.signal.reason).toBeInstanceOf(CachifyLockLostError);
    expect(holder.held).toBe(false);
    // The holder's lock vanished with the restart: its owner-checked release finds nothing.
    expect(await holder.release()).toBe(false);
  }, 60_000);

  it('fails waiters with an error saying Redis is unreachable when it stops for good', async () => {
    const holderSide = await instance();
    const waiterSide = await instance(1000);
    const key = 'stopped';
    await holderSide.lock({ key, exp: 10_000 }).acquire();
    const waiting = waiterSide.lock({ key, nowait: false }).acquire();
    waiting.catch(() => {});
    await until(async () => (await queueLength(key)) === 1);
    await server.stop();
    await expect(waiting).rejects.toBeInstanceOf(CachifyBackendError);
    await expect(waiting).rejects.toThrow(/Redis is unreachable/);
    await expect(waiterSide.lock({ key: 'other' }).acquire()).rejects.toThrow(
      /Redis is unreachable/,
    );
  }, 60_000);

  it('closes at once while Redis is down, failing the waits in progress', async () => {
    const connected = await connectBackend(kind, { port: server.port, commandTimeout: 60_000 });
    cleanups.push(connected.close);
    const cachify = initCachify({ backend: connected.backend, isGlobal: false, logger: false });
    const key = 'closing';
    await cachify.lock({ key, exp: 30_000 }).acquire();
    const waiting = cachify.lock({ key, nowait: false }).acquire();
    const failed = expect(waiting).rejects.toThrow(CachifyBackendError);
    await until(async () => (await queueLength(key)) === 1);
    // Down, with the subscriber connected and the client reconnecting in vain.
    await server.stop();
    await connected.backend.close();
    await failed;
  }, 60_000);

  it('ends a wait with a timeout while Redis is paused (CLIENT PAUSE), leaving no lock behind', async () => {
    const cachify = await instance(500);
    const key = 'paused';
    await raw.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    try {
      // A wait whose timeout passes during the pause: no reply said the lock is held, so the
      // stall is named (once the command timeout passed), not "already locked".
      await expect(cachify.lock({ key, nowait: false, timeout: 300 }).acquire()).rejects.toThrow(
        /Redis is unreachable \(acquire failed\): no reply within 500 ms/,
      );
      // A single attempt has no timeout of its own: the command timeout ends it.
      await expect(cachify.lock({ key }).acquire()).rejects.toThrow(
        /Redis is unreachable \(acquire failed\): no reply within 500 ms/,
      );
    } finally {
      await raw.call('CLIENT', 'UNPAUSE');
    }
    // The attempts Redis ran after the pause were handed back: nobody holds the lock.
    await until(async () => !(await cachify.lock({ key }).isLocked()));
    await until(async () => (await queueLength(key)) === 0);
    await using held = await cachify.lock({ key }).acquire();
    expect(held.fencingToken).toBeGreaterThan(0n);
  }, 60_000);
});
