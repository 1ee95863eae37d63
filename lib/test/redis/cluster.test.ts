/**
 * Redis Cluster: a three-master cluster of its own (`redis-cli --cluster create`), the lock and
 * pool suites on it through ioredis `Cluster` and node-redis `createCluster`.
 */
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockKeys } from '../../src/backends/redis/keys.js';
import { poolKeys } from '../../src/backends/redis/pool-keys.js';
import type { LockBackend } from '../../src/index.js';
import { redisBackend } from '../../src/redis.js';
import { describeLockSuite } from '../suites/lock/index.js';
import { describePoolSuite } from '../suites/pool/index.js';
import { type PrivateCluster, startCluster } from './helpers.js';

let cluster: PrivateCluster;
const closers = new Map<LockBackend, () => Promise<void>>();
/** How many waiters a lock's queue holds, read through the backend's own client. */
/** Each backend's `ZCARD` on its own cluster client, for the suites' queue lengths. */
const cardinalities = new Map<LockBackend, (key: string) => Promise<number>>();

beforeAll(async () => {
  cluster = await startCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

async function ioredisCluster() {
  const client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('end', () => reject(new Error('the ioredis cluster client ended')));
  });
  const backend = redisBackend(client);
  closers.set(backend, async () => {
    await backend.close();
    client.disconnect();
  });
  cardinalities.set(backend, (key) => client.zcard(key));
  return backend;
}

async function nodeRedisCluster() {
  const client = createCluster({
    rootNodes: cluster.ports.map((port) => ({ socket: { host: '127.0.0.1', port } })),
  });
  client.on('error', () => {});
  await client.connect();
  const backend = redisBackend(client);
  closers.set(backend, async () => {
    await backend.close();
    client.destroy();
  });
  cardinalities.set(backend, (key) => client.zCard(key));
  return backend;
}

describe('Redis Cluster', () => {
  it('keeps every key of a lock, and of a pool, in one hash slot', async () => {
    const client = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0] ?? 0 }]);
    try {
      const keys = lockKeys('cachify:lock:orders:{42}');
      const slots = await Promise.all(
        [keys.lock, keys.fence, keys.queue, keys.leases].map((key) =>
          client.call('CLUSTER', 'KEYSLOT', key),
        ),
      );
      expect(new Set(slots).size).toBe(1);
      // Different locks still spread over the cluster.
      const spread = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          client.call('CLUSTER', 'KEYSLOT', lockKeys(`cachify:lock:${index}`).lock),
        ),
      );
      expect(new Set(spread).size).toBeGreaterThan(1);
      // And every key of a pool.
      const pool = poolKeys('cachify:pool:workers');
      const poolSlots = await Promise.all(
        [pool.slots, pool.reserved, pool.fence, pool.queue, pool.leases].map((key) =>
          client.call('CLUSTER', 'KEYSLOT', key),
        ),
      );
      expect(new Set(poolSlots).size).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});

const closeBackend = (backend: LockBackend) => closers.get(backend)?.();
const queueLength = (backend: LockBackend, storageKey: string) =>
  cardinalities.get(backend)?.(lockKeys(storageKey).queue) ?? 0;
const poolQueueLength = (backend: LockBackend, storageKey: string) =>
  cardinalities.get(backend)?.(poolKeys(storageKey).queue) ?? 0;
describeLockSuite('redis cluster (ioredis)', ioredisCluster, { closeBackend, queueLength });
describeLockSuite('redis cluster (node-redis)', nodeRedisCluster, { closeBackend, queueLength });
describePoolSuite('redis cluster (ioredis)', ioredisCluster, {
  closeBackend,
  queueLength: poolQueueLength,
});
describePoolSuite('redis cluster (node-redis)', nodeRedisCluster, {
  closeBackend,
  queueLength: poolQueueLength,
});
