/**
 * The Redis backend through the `LockBackend` interface, with both client libraries, against the
 * shared Redis (each test under its own key prefix).
 */

import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/common.js';
import { attemptAcquire } from '../../src/backends/redis/acquire.js';
import { fromIORedis } from '../../src/backends/redis/ioredis.js';
import { lockKeys, waiterId } from '../../src/backends/redis/keys.js';
import { leaveQueue } from '../../src/backends/redis/leave-queue.js';
import { CachifyBackendError } from '../../src/errors.js';
import { initCachify } from '../../src/index.js';
import { type RedisBackend, redisBackend } from '../../src/redis.js';
import {
  CLIENT_KINDS,
  type ClientKind,
  connectBackend,
  deleteKeys,
  freePort,
  startRedis,
  type TestClient,
  uniquePrefix,
} from './helpers.js';

/** A minute: with this lease, a waiter's fallback timer never fires within a test. */
const NO_FALLBACK = 600_000;

/** The longest wait for a state Redis reaches by itself, well inside a test's timeout. */
const SETTLE_MS = 20_000;

describe.each(CLIENT_KINDS)('Redis backend with %s', (kind: ClientKind) => {
  let backend: RedisBackend;
  let raw: TestClient;
  let closeAll: () => Promise<void>;
  const prefix = uniquePrefix(`backend-${kind}`);
  let counter = 0;
  const newKey = () => `${prefix}lock:${++counter}`;
  const request = (
    key: string,
    owner: string,
    extra: Partial<Parameters<RedisBackend['acquireLock']>[0]> = {},
  ) => ({
    key,
    owner,
    exp: 10_000,
    wait: false,
    timeout: null,
    ...extra,
  });
  const queueLength = async (key: string) =>
    Number(await raw.command('ZCARD', lockKeys(key).queue));

  beforeAll(async () => {
    const connected = await connectBackend(kind, { waiterLease: NO_FALLBACK });
    backend = connected.backend;
    raw = connected.client;
    closeAll = connected.close;
  });

  afterAll(async () => {
    await deleteKeys(raw, `*${prefix}*`);
    await closeAll();
  });

  it('grants a free lock and hands out strictly increasing fencing tokens', async () => {
    const key = newKey();
    const tokens: bigint[] = [];
    for (const owner of ['a', 'b', 'c']) {
      const grant = await backend.acquireLock(request(key, owner));
      expect(grant).not.toBeNull();
      tokens.push(grant?.fencingToken ?? 0n);
      expect(await backend.releaseLock(key, owner)).toBe(true);
    }
    expect(tokens[1]).toBeGreaterThan(tokens[0] ?? 0n);
    expect(tokens[2]).toBeGreaterThan(tokens[1] ?? 0n);
  });

  it('keeps a held lock from a second owner, who can neither release nor extend it', async () => {
    const key = newKey();
    expect(await backend.acquireLock(request(key, 'holder'))).not.toBeNull();
    expect(await backend.acquireLock(request(key, 'other'))).toBeNull();
    expect(await backend.releaseLock(key, 'other')).toBe(false);
    expect(await backend.extendLock(key, 'other', 5000)).toBeNull();
    expect(await backend.isLocked(key)).toBe(true);
    expect(await backend.releaseLock(key, 'holder')).toBe(true);
    expect(await backend.isLocked(key)).toBe(false);
    expect(await backend.releaseLock(key, 'holder')).toBe(false);
  });

  it('stores the owner token under the lock key with the lock lifetime as its TTL', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: 5000 }));
    expect(await raw.command('GET', lockKeys(key).lock)).toBe('holder');
    const ttl = Number(await raw.command('PTTL', lockKeys(key).lock));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
    await backend.releaseLock(key, 'holder');
  });

  it('takes lifetimes with fractions of a millisecond, rounding up', async () => {
    const key = newKey();
    expect(await backend.acquireLock(request(key, 'holder', { exp: 1500.5 }))).not.toBeNull();
    expect(await backend.extendLock(key, 'holder', 2000.25)).not.toBeNull();
    await backend.setValue(`${prefix}cached:fraction`, 1, 999.9);
    expect(Number(await raw.command('PTTL', `${prefix}cached:fraction`))).toBeGreaterThan(0);
    expect(await backend.releaseLock(key, 'holder')).toBe(true);
  });

  it('extends only for the owner, and `null` makes the lock never expire', async () => {
    const key = newKey();
    const grant = await backend.acquireLock(request(key, 'holder', { exp: 1000 }));
    const extended = await backend.extendLock(key, 'holder', 60_000);
    expect(extended?.fencingToken).toBe(grant?.fencingToken);
    expect(Number(await raw.command('PTTL', lockKeys(key).lock))).toBeGreaterThan(1000);
    expect((await backend.extendLock(key, 'holder', null))?.expiresAt).toBeNull();
    expect(Number(await raw.command('PTTL', lockKeys(key).lock))).toBe(-1);
    await backend.releaseLock(key, 'holder');
  });

  it('wakes the first waiter through pub/sub when the holder releases', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: NO_FALLBACK }));
    // Neither the holder's lifetime nor the waiter's lease renewal would wake it within the test.
    const waiting = backend.acquireLock(request(key, 'waiter', { wait: true }));
    await waitFor(async () => (await queueLength(key)) === 1, SETTLE_MS, 'a waiter in the queue');
    expect(await backend.releaseLock(key, 'holder')).toBe(true);
    const grant = await waiting;
    expect(grant).not.toBeNull();
    expect(await raw.command('GET', lockKeys(key).lock)).toBe('waiter');
    expect(await queueLength(key)).toBe(0);
    await backend.releaseLock(key, 'waiter');
  });

  it('hands a released lock straight to the first waiter, so a newcomer cannot take it first', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: NO_FALLBACK }));
    const waiting = backend.acquireLock(request(key, 'waiter', { wait: true }));
    await waitFor(async () => (await queueLength(key)) === 1, SETTLE_MS, 'a waiter in the queue');
    expect(await backend.releaseLock(key, 'holder')).toBe(true);
    // Sent before the waiter could hear of the release and come back for the lock.
    expect(await backend.acquireLock(request(key, 'newcomer'))).toBeNull();
    expect(await waiting).not.toBeNull();
    expect(await raw.command('GET', lockKeys(key).lock)).toBe('waiter');
    await backend.releaseLock(key, 'waiter');
  });

  it('passes a lock on when the waiter it was handed to gives up its place', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: NO_FALLBACK }));
    // A waiter ahead in line whose process stopped answering (its place has not lapsed yet).
    const silentClient = new Redis();
    const silent = fromIORedis(silentClient);
    const silentWaiter = waiterId('a-silent-process', 'silent');
    await attemptAcquire(silent, lockKeys(key), {
      owner: 'silent',
      waiter: silentWaiter,
      exp: 10_000,
      wait: true,
      leaseMs: NO_FALLBACK,
    });
    const waiting = backend.acquireLock(request(key, 'next', { wait: true }));
    await waitFor(async () => (await queueLength(key)) === 2, SETTLE_MS, '2 waiters in the queue');
    // The lock goes to the silent waiter first; the next one sleeps (no fallback timer here).
    expect(await backend.releaseLock(key, 'holder')).toBe(true);
    expect(await backend.isLocked(key)).toBe(true);
    await leaveQueue(silent, lockKeys(key), silentWaiter);
    silentClient.disconnect();
    expect(await waiting).not.toBeNull();
    expect(await raw.command('GET', lockKeys(key).lock)).toBe('next');
    await backend.releaseLock(key, 'next');
  });

  it('serves waiters in the order they arrived', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: NO_FALLBACK }));
    const served: number[] = [];
    const waits: Promise<void>[] = [];
    for (let index = 0; index < 5; index++) {
      const owner = `waiter-${index}`;
      waits.push(
        backend.acquireLock(request(key, owner, { wait: true })).then(async (grant) => {
          expect(grant).not.toBeNull();
          served.push(index);
          await backend.releaseLock(key, owner);
        }),
      );
      await waitFor(
        async () => (await queueLength(key)) === index + 1,
        SETTLE_MS,
        `${index + 1} waiters in the queue`,
      );
    }
    // Someone arriving now without waiting must not jump the queue.
    await backend.releaseLock(key, 'holder');
    expect(await backend.acquireLock(request(key, 'latecomer'))).toBeNull();
    await Promise.all(waits);
    expect(served).toEqual([0, 1, 2, 3, 4]);
  });

  it('serves waiters of different backend instances (other processes) in arrival order', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: NO_FALLBACK }));
    const others = await Promise.all(
      [0, 1, 2].map(() => connectBackend(kind, { waiterLease: NO_FALLBACK })),
    );
    try {
      const served: number[] = [];
      const waits = [];
      for (const [index, other] of others.entries()) {
        const owner = `instance-${index}`;
        waits.push(
          other.backend.acquireLock(request(key, owner, { wait: true })).then(async () => {
            served.push(index);
            await other.backend.releaseLock(key, owner);
          }),
        );
        await waitFor(
          async () => (await queueLength(key)) === index + 1,
          SETTLE_MS,
          `${index + 1} waiters in the queue`,
        );
      }
      await backend.releaseLock(key, 'holder');
      await Promise.all(waits);
      expect(served).toEqual([0, 1, 2]);
    } finally {
      for (const other of others) await other.close();
    }
  });

  it('picks up a lock that expires without a release', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder', { exp: 200 }));
    const grant = await backend.acquireLock(request(key, 'waiter', { wait: true }));
    expect(grant).not.toBeNull();
    expect(await backend.releaseLock(key, 'holder')).toBe(false);
    expect(await backend.releaseLock(key, 'waiter')).toBe(true);
  });

  it('resolves null when the timeout passes, and gives up the queue place', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder'));
    expect(
      await backend.acquireLock(request(key, 'waiter', { wait: true, timeout: 100 })),
    ).toBeNull();
    // The place is given up right after the wait ends (in the background, never delaying it).
    await waitFor(async () => (await queueLength(key)) === 0, SETTLE_MS, 'an empty queue');
    await backend.releaseLock(key, 'holder');
  });

  it('rejects with the signal reason when the wait is aborted, and gives up the queue place', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder'));
    const controller = new AbortController();
    const waiting = backend.acquireLock(
      request(key, 'waiter', { wait: true, signal: controller.signal }),
    );
    await waitFor(async () => (await queueLength(key)) === 1, SETTLE_MS, 'a waiter in the queue');
    const reason = new Error('no longer needed');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await waitFor(async () => (await queueLength(key)) === 0, SETTLE_MS, 'an empty queue');
    await backend.releaseLock(key, 'holder');
  });

  it('lets a waiter whose process died lose its place once its lease lapses', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder'));
    // A waiter that queued with a short lease and never came back.
    const ghost = new Redis();
    await attemptAcquire(fromIORedis(ghost), lockKeys(key), {
      owner: 'ghost',
      waiter: waiterId('a-dead-process', 'ghost'),
      exp: 1000,
      wait: true,
      leaseMs: 1000,
    });
    ghost.disconnect();
    const live = await connectBackend(kind, { waiterLease: 300 });
    try {
      const waiting = live.backend.acquireLock(request(key, 'live', { wait: true }));
      // Queued behind the ghost (or alone, if a slow machine let the ghost's lease lapse first).
      await waitFor(
        async () =>
          ((await raw.command('ZRANGE', lockKeys(key).queue, '0', '-1')) as string[]).some((id) =>
            id.endsWith(' live'),
          ),
        SETTLE_MS,
        'the live waiter in the queue',
      );
      // The release hands the lock to the ghost, which never comes for it: the live waiter's turn
      // comes when the ghost's lease lapses.
      await backend.releaseLock(key, 'holder');
      expect(await waiting).not.toBeNull();
      expect(await raw.command('GET', lockKeys(key).lock)).toBe('live');
    } finally {
      await live.close();
    }
  });

  it('reports a force release to the watcher of the lock', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'holder'));
    const reasons: string[] = [];
    const lost = new Promise<void>((resolve) => {
      backend.watchLock(key, 'holder', (reason) => {
        reasons.push(reason);
        resolve();
      });
    });
    // Give the subscription time to be confirmed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await backend.forceReleaseLock(key)).toBe(true);
    await lost;
    expect(reasons).toEqual(['released']);
    expect(await backend.forceReleaseLock(key)).toBe(false);
  });

  it('tells a watcher that starts too late that another owner took the lock', async () => {
    const key = newKey();
    await backend.acquireLock(request(key, 'first', { exp: 100 }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await backend.acquireLock(request(key, 'second'))).not.toBeNull();
    const lost = new Promise<string>((resolve) => backend.watchLock(key, 'first', resolve));
    expect(await lost).toBe('taken');
    await backend.releaseLock(key, 'second');
  });

  it('keeps fencing tokens increasing when the counter is lost', async () => {
    const key = newKey();
    const first = await backend.acquireLock(request(key, 'a'));
    await backend.releaseLock(key, 'a');
    // As after a restart without persistence, or once the counter lapsed.
    await raw.command('DEL', lockKeys(key).fence);
    const second = await backend.acquireLock(request(key, 'b'));
    expect(second?.fencingToken).toBeGreaterThan(first?.fencingToken ?? 0n);
    await backend.releaseLock(key, 'b');
  });

  it('goes on from the counter when it is ahead of the Redis clock (the clock went back)', async () => {
    const key = newKey();
    const ahead = BigInt(Date.now() + 3_600_000) * 1000n;
    await raw.command('SET', lockKeys(key).fence, String(ahead));
    const first = await backend.acquireLock(request(key, 'a'));
    expect(first?.fencingToken).toBe(ahead + 1n);
    await backend.releaseLock(key, 'a');
    const second = await backend.acquireLock(request(key, 'b'));
    expect(second?.fencingToken).toBe(ahead + 2n);
    await backend.releaseLock(key, 'b');
  });

  it('stores cached values as JSON text, readable from any language, with their TTL', async () => {
    const cachify = initCachify({ backend, prefix, isGlobal: false, logger: false });
    let calls = 0;
    const profile = cachify.cached({ key: 'profile-{0}', ttl: 5000 }, async (id: number) => {
      calls++;
      return { id, tags: ['a', 'b'], nested: { ok: true } };
    });
    const value = await profile(7);
    expect(await raw.command('GET', `${prefix}cached:profile-7`)).toBe(JSON.stringify(value));
    expect(Number(await raw.command('PTTL', `${prefix}cached:profile-7`))).toBeGreaterThan(0);
    expect(await profile(7)).toEqual(value);
    expect(calls).toBe(1);

    // A value another program wrote as JSON is a hit.
    await raw.command('SET', `${prefix}cached:profile-8`, '{"id":8,"from":"python"}');
    expect(await profile(8)).toEqual({ id: 8, from: 'python' });
    expect(calls).toBe(1);
    await profile.reset(7);
    expect(await raw.command('EXISTS', `${prefix}cached:profile-7`)).toBe(0);
  });

  it('lets encode / decode shape what becomes JSON', async () => {
    const cachify = initCachify({ backend, prefix, isGlobal: false, logger: false });
    const day = cachify.cached(
      {
        key: 'day-{0}',
        encode: (date) => ({ iso: (date as Date).toISOString() }),
        decode: (stored) => new Date((stored as { iso: string }).iso),
      },
      async (iso: string) => new Date(iso),
    );
    await day('2026-01-02T00:00:00.000Z');
    expect(await raw.command('GET', `${prefix}cached:day-2026-01-02T00:00:00.000Z`)).toBe(
      '{"iso":"2026-01-02T00:00:00.000Z"}',
    );
    const hit = await day('2026-01-02T00:00:00.000Z');
    expect(hit).toBeInstanceOf(Date);
    expect(hit.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('explains values that have no JSON form', async () => {
    await expect(backend.setValue(`${prefix}cached:big`, 10n, null)).rejects.toThrow(
      /cannot be stored as JSON .*pass `encode` and `decode`/,
    );
    await expect(backend.setValue(`${prefix}cached:fn`, () => 1, null)).rejects.toThrow(
      /a value of type function cannot be stored as JSON/,
    );
    await expect(
      backend.setValue(`${prefix}cached:bytes`, new Uint8Array(2), null),
    ).rejects.toThrow(/bytes have no JSON form/);
  });

  it('treats a stored value that is not JSON as a miss', async () => {
    await raw.command('SET', `${prefix}cached:garbage`, 'not json {');
    expect(await backend.getValue(`${prefix}cached:garbage`)).toBeUndefined();
    expect(await backend.deleteValue(`${prefix}cached:garbage`)).toBe(true);
    expect(await backend.deleteValue(`${prefix}cached:garbage`)).toBe(false);
  });

  it('says Redis is unreachable, not that the lock is taken, when it cannot answer', async () => {
    const port = await freePort();
    const client =
      kind === 'ioredis'
        ? new Redis({ port, lazyConnect: true, enableOfflineQueue: false })
        : createClient({ socket: { port, reconnectStrategy: false } });
    client.on('error', () => {});
    const offline = redisBackend(client, { commandTimeout: 500 });
    const attempt = offline.acquireLock(request(newKey(), 'owner'));
    await expect(attempt).rejects.toBeInstanceOf(CachifyBackendError);
    await expect(attempt).rejects.toThrow(/Redis is unreachable/);
    await expect(offline.isLocked('x')).rejects.toThrow(/Redis is unreachable/);
    await offline.close();
  });
});

describe('redisBackend()', () => {
  it('works with an ioredis client that prefixes its keys (keyPrefix), force-release notices included', async () => {
    const keyPrefix = uniquePrefix('key-prefix');
    const client = new Redis({ keyPrefix });
    const backend = redisBackend(client);
    try {
      const base = { key: 'cachify:lock:k', exp: 10_000, wait: false, timeout: null };
      expect(await backend.acquireLock({ ...base, owner: 'a' })).not.toBeNull();
      expect(await client.exists(lockKeys('cachify:lock:k').lock)).toBe(1);
      const lost = new Promise<string>((resolve) => backend.watchLock(base.key, 'a', resolve));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await backend.forceReleaseLock(base.key)).toBe(true);
      expect(await lost).toBe('released');
    } finally {
      await backend.close();
      const raw = new Redis();
      const keys = await raw.keys(`${keyPrefix}*`);
      if (keys.length > 0) await raw.del(...keys);
      raw.disconnect();
      client.disconnect();
    }
  });

  it('has no synchronous operations: acquireSync points to `await lock.acquire()`', async () => {
    const connected = await connectBackend('ioredis');
    try {
      const cachify = initCachify({ backend: connected.backend, isGlobal: false, logger: false });
      expect(() => cachify.lock({ key: 'sync' }).acquireSync()).toThrow(/await lock\.acquire\(\)/);
    } finally {
      await connected.close();
    }
  });

  it('fails waits in progress when it is closed', async () => {
    const connected = await connectBackend('ioredis', { waiterLease: NO_FALLBACK });
    const key = uniquePrefix('closing');
    const base = { key, exp: 10_000, timeout: null };
    try {
      await connected.backend.acquireLock({ ...base, owner: 'holder', wait: false });
      const waiting = connected.backend.acquireLock({ ...base, owner: 'waiter', wait: true });
      await waitFor(
        async () => Number(await connected.client.command('ZCARD', lockKeys(key).queue)) === 1,
        SETTLE_MS,
        'a waiter in the queue',
      );
      const failed = expect(waiting).rejects.toThrow(/Redis backend is closed/);
      await connected.backend.close();
      await failed;
    } finally {
      await deleteKeys(connected.client, `*${key}*`);
      await connected.close();
    }
  });

  it('rejects what is not an ioredis or node-redis client', () => {
    expect(() => redisBackend({} as never)).toThrow(
      /expected an ioredis client \(new Redis\(\)\) or a node-redis client \(createClient\(\)\), got object/,
    );
  });

  it('rejects bad options, naming them', () => {
    const client = new Redis({ lazyConnect: true });
    expect(() => redisBackend(client, { commandTimeout: -1 })).toThrow(/`commandTimeout`/);
    expect(() => redisBackend(client, { waiterLease: Number.NaN })).toThrow(/`waiterLease`/);
    client.disconnect();
  });

  it('opens its subscriber connection only while someone waits, and never closes the given client', async () => {
    const server = await startRedis();
    const connected = await connectBackend('ioredis', {
      port: server.port,
      subscriberIdleTimeout: 50,
    });
    const subscribers = async () =>
      String(await connected.client.command('CLIENT', 'LIST', 'TYPE', 'pubsub'))
        .split('\n')
        .filter(Boolean).length;
    try {
      const { backend } = connected;
      const base = { exp: 10_000, timeout: null };
      expect(
        await backend.acquireLock({ key: 'k', owner: 'a', wait: false, ...base }),
      ).not.toBeNull();
      expect(await subscribers()).toBe(0);
      const waiting = backend.acquireLock({ key: 'k', owner: 'b', wait: true, ...base });
      await waitFor(async () => (await subscribers()) === 1, SETTLE_MS, '1 subscriber connection');
      await backend.releaseLock('k', 'a');
      expect(await waiting).not.toBeNull();
      await waitFor(async () => (await subscribers()) === 0, SETTLE_MS, '0 subscriber connections');
      await backend.close();
      expect(await connected.client.command('PING')).toBe('PONG');
    } finally {
      await connected.close();
      await server.stop();
    }
  });
});
