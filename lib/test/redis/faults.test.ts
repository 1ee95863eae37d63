/**
 * Redis going away under a lock: restarts, a stopped server, `CLIENT PAUSE`. Each test runs its
 * own `redis-server` (never the shared one) and stops it by its pid.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/common.js';
import { lockKeys } from '../../src/backends/redis/keys.js';
import {
  CachifyBackendError,
  CachifyLockLostError,
  initCachify,
  type LockHandle,
} from '../../src/index.js';
import { CLIENT_KINDS, privateRedisPerTest } from './helpers.js';

type Outcome = { token: bigint } | { error: unknown };

/** The longest wait for a state Redis reaches by itself, well inside a test's timeout. */
const SETTLE_MS = 20_000;

describe.each(CLIENT_KINDS)('Redis faults with %s', (kind) => {
  const redis = privateRedisPerTest(kind);
  const queueLength = async (key: string) =>
    Number(await redis.raw.zcard(lockKeys(`cachify:lock:${key}`).queue));

  it('recovers waiters when Redis restarts while a lock is held, with fencing tokens still increasing', async () => {
    const holderSide = await redis.instance();
    const waiterSide = await redis.instance();
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
    await waitFor(async () => (await queueLength(key)) === 2, SETTLE_MS, '2 waiters in the queue');

    // The restarted server has no persistence: the lock, its queue and its counter are gone.
    await redis.server.restart();

    const settled = await Promise.all(outcomes);
    for (const outcome of settled) {
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(CachifyBackendError);
      else expect(outcome.token).toBeGreaterThan(holder.fencingToken);
    }
    // The clients reconnect by themselves, so the waiters got the lock.
    expect(settled.filter((outcome) => 'token' in outcome)).toHaveLength(2);
    // The holder heard of it: its subscriber's reconnect found the lock no longer its own.
    await waitFor(() => holder.signal.aborted, SETTLE_MS, "the holder's signal to abort");
    expect(holder.signal.reason).toBeInstanceOf(CachifyLockLostError);
    expect(holder.held).toBe(false);
    // The holder's lock vanished with the restart: its owner-checked release finds nothing.
    expect(await holder.release()).toBe(false);
  }, 60_000);

  it('fails waiters with an error saying Redis is unreachable when it stops for good', async () => {
    const holderSide = await redis.instance();
    const waiterSide = await redis.instance(1000);
    const key = 'stopped';
    await holderSide.lock({ key, exp: 10_000 }).acquire();
    const waiting = waiterSide.lock({ key, nowait: false }).acquire();
    waiting.catch(() => {});
    await waitFor(async () => (await queueLength(key)) === 1, SETTLE_MS, 'a waiter in the queue');
    await redis.server.stop();
    await expect(waiting).rejects.toBeInstanceOf(CachifyBackendError);
    await expect(waiting).rejects.toThrow(/Redis is unreachable/);
    await expect(waiterSide.lock({ key: 'other' }).acquire()).rejects.toThrow(
      /Redis is unreachable/,
    );
  }, 60_000);

  it('closes at once while Redis is down, failing the waits in progress', async () => {
    const connected = await redis.connect(60_000);
    const cachify = initCachify({ backend: connected.backend, isGlobal: false, logger: false });
    const key = 'closing';
    await cachify.lock({ key, exp: 30_000 }).acquire();
    const waiting = cachify.lock({ key, nowait: false }).acquire();
    const failed = expect(waiting).rejects.toThrow(CachifyBackendError);
    await waitFor(async () => (await queueLength(key)) === 1, SETTLE_MS, 'a waiter in the queue');
    // Down, with the subscriber connected and the client reconnecting in vain.
    await redis.server.stop();
    await connected.backend.close();
    await failed;
  }, 60_000);

  it('ends a wait with a timeout while Redis is paused (CLIENT PAUSE), leaving no lock behind', async () => {
    const cachify = await redis.instance(500);
    const key = 'paused';
    await redis.raw.call('CLIENT', 'PAUSE', '60000', 'WRITE');
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
      await redis.raw.call('CLIENT', 'UNPAUSE');
    }
    // The attempts Redis ran after the pause were handed back: nobody holds the lock.
    await waitFor(
      async () => !(await cachify.lock({ key }).isLocked()),
      SETTLE_MS,
      'the lock to be free',
    );
    await waitFor(async () => (await queueLength(key)) === 0, SETTLE_MS, 'an empty queue');
    await using held = await cachify.lock({ key }).acquire();
    expect(held.fencingToken).toBeGreaterThan(0n);
  }, 60_000);
});
