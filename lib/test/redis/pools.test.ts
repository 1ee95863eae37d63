/**
 * What pools on Redis show beyond the shared suite: round trips per operation, the hand-off of a
 * freed place inside the release, expiry without a sweeper, and fencing tokens that stay above
 * the Redis clock when the counter is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/common.js';
import type { RedisConnection } from '../../src/backends/redis/client.js';
import { fromIORedis } from '../../src/backends/redis/ioredis.js';
import { poolKeys } from '../../src/backends/redis/pool-keys.js';
import { Cachify } from '../../src/index.js';
import { type IORedisClientLike, RedisBackend } from '../../src/redis.js';
import { connectClient, deleteKeys, type TestClient, uniquePrefix } from './helpers.js';

/** A connection that counts the commands the backend sends (scripts and plain commands). */
function counting(connection: RedisConnection) {
  const counts = { calls: 0 };
  const counted: RedisConnection = {
    ...connection,
    sendScript: (...args) => {
      counts.calls++;
      return connection.sendScript(...args);
    },
    evalScript: (...args) => {
      counts.calls++;
      return connection.evalScript(...args);
    },
    get: (key) => {
      counts.calls++;
      return connection.get(key);
    },
  };
  return { counted, counts };
}

describe('pools on Redis', () => {
  const prefix = uniquePrefix('pools');
  let client: TestClient;
  let backend: RedisBackend;
  let counts: { calls: number };
  let cachify: Cachify;

  beforeAll(async () => {
    client = await connectClient('ioredis');
    const connection = counting(fromIORedis(client.client as unknown as IORedisClientLike));
    counts = connection.counts;
    backend = new RedisBackend(connection.counted);
    cachify = new Cachify({ backend, prefix, isGlobal: false, logger: false });
  });

  afterAll(async () => {
    await backend.close();
    await deleteKeys(client, `*${prefix}*`);
    await client.close();
  });

  it('takes a free slot in one round trip, and gives it back in one', async () => {
    const workers = cachify.pool({ key: 'trips', maxSize: 2 });
    await (await workers.acquire()).release(); // scripts loaded
    counts.calls = 0;
    const slot = await workers.acquire();
    expect(counts.calls).toBe(1);
    expect(await slot.release()).toBe(true);
    expect(counts.calls).toBe(2);
  });

  it('a release hands the freed place to the longest waiter in its own round trip', async () => {
    const key = 'handoff';
    const keys = poolKeys(`${prefix}pool:${key}`);
    const holder = await cachify.pool({ key, maxSize: 1 }).acquire();
    const other = new Cachify({
      backend: new RedisBackend(fromIORedis(client.client as unknown as IORedisClientLike)),
      prefix,
      isGlobal: false,
      logger: false,
    });
    const waiting = other.pool({ key, maxSize: 1, nowait: false, timeout: 10_000 }).acquire();
    await waitFor(async () => Number(await client.command('ZCARD', keys.queue)) === 1);
    counts.calls = 0;
    expect(await holder.release()).toBe(true);
    expect(counts.calls).toBe(1);
    // The place is the waiter's already: a newcomer finds the pool full.
    expect(Number(await client.command('ZCARD', keys.reserved))).toBe(1);
    await expect(cachify.pool({ key, maxSize: 1 }).acquire()).rejects.toThrow(
      'handoff is full (maxSize=1)',
    );
    const slot = await waiting;
    expect(slot.fencingToken).toBeGreaterThan(holder.fencingToken);
    expect(Number(await client.command('ZCARD', keys.reserved))).toBe(0);
    await slot.release();
    await other.close();
  });

  it('an expired slot stops counting without any sweeper: the next script drops it', async () => {
    const key = 'expiry';
    const keys = poolKeys(`${prefix}pool:${key}`);
    const stays = await cachify.pool({ key, maxSize: 2 }).acquire();
    const short = await cachify.pool({ key, maxSize: 2, slotExp: 50 }).acquire();
    await waitFor(() => !short.held);
    // The handle's own timer may fire a moment before the server's clock passes the slot's expiry.
    // WITHSCORES replies flat on RESP2 and in pairs on RESP3.
    const lowest = (await client.command(
      'ZRANGE',
      keys.slots,
      '0',
      '0',
      'WITHSCORES',
    )) as unknown[];
    const shortExpiry = Number(lowest.flat()[1]);
    await waitFor(async () => {
      const [seconds, micros] = (await client.command('TIME')) as [string, string];
      return Number(seconds) * 1000 + Number(micros) / 1000 > shortExpiry;
    });
    // Still stored, until a script looks: nothing runs in between.
    expect(Number(await client.command('ZCARD', keys.slots))).toBe(2);
    expect(await cachify.pool({ key, maxSize: 2 }).size()).toBe(1);
    expect(Number(await client.command('ZCARD', keys.slots))).toBe(1);
    await stays.release();
  });

  it('the slots set lives as long as its longest slot: one extended from never expiring to a lifetime gives it a TTL again', async () => {
    const key = 'set-ttl';
    const keys = poolKeys(`${prefix}pool:${key}`);
    const slot = await cachify.pool({ key, maxSize: 2, slotExp: null }).acquire();
    expect(Number(await client.command('PTTL', keys.slots))).toBe(-1);
    expect(await slot.extend(60_000)).toBe(true);
    // Were the holder's process to die now, the set would still go away with its slot.
    expect(Number(await client.command('PTTL', keys.slots))).toBeGreaterThan(50_000);
    const other = await cachify.pool({ key, maxSize: 2, slotExp: 1_000 }).acquire();
    expect(Number(await client.command('PTTL', keys.slots))).toBeGreaterThan(50_000);
    await slot.release();
    await other.release();
  });

  it('fencing tokens are at least the Redis clock in µs, and stay above the last one when the counter is lost or rolled back, or ahead of the clock', async () => {
    const key = 'fence';
    const keys = poolKeys(`${prefix}pool:${key}`);
    const workers = cachify.pool({ key, maxSize: 3 });
    const clock = async () => {
      const [seconds, micros] = (await client.command('TIME')) as [string, string];
      return BigInt(seconds) * 1_000_000n + BigInt(micros);
    };
    const before = await clock();
    const first = await workers.acquire();
    expect(first.fencingToken).toBeGreaterThanOrEqual(before);
    // A restart from an old snapshot: the counter is gone, or back at an old value.
    await client.command('DEL', keys.fence);
    const second = await workers.acquire();
    expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
    await client.command('SET', keys.fence, '5');
    const third = await workers.acquire();
    expect(third.fencingToken).toBeGreaterThan(second.fencingToken);
    for (const slot of [first, second, third]) await slot.release();
    // The clock went back an hour (the counter is ahead of it): tokens go on from the counter.
    const ahead = (await clock()) + 3_600_000_000n;
    await client.command('SET', keys.fence, String(ahead));
    const fourth = await workers.acquire();
    expect(fourth.fencingToken).toBe(ahead + 1n);
    await fourth.release();
    const fifth = await workers.acquire();
    expect(fifth.fencingToken).toBe(ahead + 2n);
    await fifth.release();
  });
});
