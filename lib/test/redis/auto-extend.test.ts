/**
 * `redisBackend(client, { autoExtend: true })`: locks renew themselves at a third of their exp
 * while held, and a renewal that fails or finds the lock gone aborts `handle.signal`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleepUntil } from '../../../tests/support/common.js';
import { lockKeys } from '../../src/backends/redis/keys.js';
import { type Cachify, CachifyLockLostError, initCachify } from '../../src/index.js';
import {
  CLIENT_KINDS,
  connectBackend,
  deleteKeys,
  sleep,
  startRedis,
  type TestClient,
  trackUnhandledRejections,
  uniquePrefix,
} from './helpers.js';

describe.each(CLIENT_KINDS)('autoExtend on Redis with %s', (kind) => {
  const prefix = uniquePrefix(`auto-extend-${kind}`);
  let cachify: Cachify;
  let raw: TestClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const connected = await connectBackend(kind, { autoExtend: true });
    expect(connected.backend.autoExtend).toBe(true);
    cachify = initCachify({ backend: connected.backend, prefix, isGlobal: false, logger: false });
    raw = connected.client;
    close = connected.close;
  });

  afterAll(async () => {
    await deleteKeys(raw, `*${prefix}*`);
    await close();
  });

  it('keeps a held lock alive well past its exp, until it is released', async () => {
    // Renewed every 400 ms: a renewal may come 800 ms late on a busy machine and still land.
    const held = await cachify.lock({ key: 'long-job', exp: 1200 }).acquire();
    const firstExpiry = held.expiresAt ?? 0;
    const signal = held.signal;
    // Past the first lifetime by half of it, however late the timer fires.
    await sleepUntil(firstExpiry + 600);
    expect(signal.aborted).toBe(false);
    expect(held.expiresAt ?? 0).toBeGreaterThan(firstExpiry);
    expect(await cachify.lock({ key: 'long-job' }).isLocked()).toBe(true);
    expect(await held.release()).toBe(true);
    // Released: nothing renews it any more.
    await sleep(700);
    expect(await raw.command('EXISTS', lockKeys(`${prefix}lock:long-job`).lock)).toBe(0);
  });

  it('aborts the signal with CachifyLockLostError when a renewal finds the lock gone', async () => {
    const held = await cachify.lock({ key: 'deleted', exp: 1500 }).acquire();
    const signal = held.signal;
    // Deleted behind its back (after the watch settled in), without a force release to announce
    // it: the next renewal, at a third of exp, finds it gone.
    await sleep(250);
    expect(signal.aborted).toBe(false);
    await raw.command('DEL', lockKeys(`${prefix}lock:deleted`).lock);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(signal.reason).toBeInstanceOf(CachifyLockLostError);
    expect((signal.reason as CachifyLockLostError).reason).toBe('extend-failed');
    expect(await held.release()).toBe(false);
  });

  it('aborts the signal, with no unhandled rejection, when Redis goes away under a renewing lock', async () => {
    const unhandled = trackUnhandledRejections();
    const server = await startRedis();
    const connected = await connectBackend(kind, {
      port: server.port,
      autoExtend: true,
      commandTimeout: 300,
    });
    try {
      const local = initCachify({ backend: connected.backend, isGlobal: false, logger: false });
      // The renewal (at a third of exp) fails within its 300 ms command timeout, two seconds
      // before the lock would expire: a late timer on a busy machine still sees it fail first.
      const held = await local.lock({ key: 'stranded', exp: 3000 }).acquire();
      const signal = held.signal;
      await server.stop();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      expect(signal.reason).toBeInstanceOf(CachifyLockLostError);
      expect((signal.reason as CachifyLockLostError).reason).toBe('extend-failed');
      await expect(held.release()).rejects.toThrow(/Redis is unreachable/);
    } finally {
      await connected.close();
      await server.stop();
      await sleep(100);
      unhandled.stop();
    }
    expect(unhandled.reasons).toEqual([]);
  });
});
