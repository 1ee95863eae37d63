/**
 * The Redis backend against the raw limit and its peers, side by side in one run on one Redis:
 *
 * - uncontended acquire+release, one at a time: cachify (ioredis and node-redis; and the backend
 *   alone, without the lock handle around it), the raw limit (plain ioredis `SET NX PX`, then a
 *   compare-and-delete script; the same with node-redis for context), redis-semaphore's `Mutex`,
 *   `@sesamecare-oss/redlock` with one node. Contenders take turns operation by operation, so a
 *   busy machine slows them alike; ratios are taken within each round, and their median counts
 *   (with the middle half of rounds as the spread). Client CPU per operation is shown too
 *   (measured apart, in blocks): it bounds throughput here.
 * - hand-off latency with one waiter: from the holder's release call to the waiter holding the
 *   lock (p50 / p99), for cachify and, for context, redis-semaphore's polling.
 * - fairness: 4 workers contend for one key for a few seconds; acquisitions per worker (min/max).
 *
 * Run: `npm run bench:redis -w cachify` (Redis on 127.0.0.1:6379, or REDIS_PORT). It measures the
 * built package (`dist/`), the code users run, as the peers are measured from their published
 * builds; `tsx` would otherwise compile `src/` with `keepNames`, which wraps every closure created
 * on the hot path in an extra `Object.defineProperty` call that no user pays.
 */
import { randomUUID } from 'node:crypto';
import { Redlock } from '@sesamecare-oss/redlock';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { Mutex } from 'redis-semaphore';
import {
  cpuPerOperation,
  fairness,
  handoffs,
  interleavedRates,
  median,
  middleHalf,
  printHandoffs,
  ratiosByRound,
  spread,
} from './measure.js';

// The built package (see above); typed by the sources it is built from.
const dist = '../dist/';
const { Cachify } = (await import(`${dist}index.js`)) as typeof import('../src/index.js');
const { RedisBackend, redisBackend } = (await import(
  `${dist}redis.js`
)) as typeof import('../src/redis.js');

const PORT = Number(process.env.REDIS_PORT ?? 6379);
const ROUNDS = Number(process.env.ROUNDS ?? 31);
const OPS_PER_ROUND = Number(process.env.OPS ?? 200);
const CPU_ROUNDS = 7;
const HANDOFFS = Number(process.env.HANDOFFS ?? 500);
const FAIRNESS_MS = Number(process.env.FAIRNESS_MS ?? 3000);
const prefix = `bench:${randomUUID().slice(0, 8)}:`;

const clients: { close(): void }[] = [];
function ioredis(): Redis {
  const client = new Redis({ port: PORT });
  clients.push({ close: () => client.disconnect() });
  return client;
}
async function nodeRedis() {
  const client = createClient({ socket: { port: PORT } });
  await client.connect();
  clients.push({ close: () => client.destroy() });
  return client;
}
const cachifyOn = (client: Parameters<typeof redisBackend>[0]) =>
  new Cachify({ backend: redisBackend(client), prefix, isGlobal: false, logger: false });

// --- uncontended ---------------------------------------------------------------------------

const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const raw = ioredis();
const compareAndDeleteSha = (await raw.script('LOAD', COMPARE_AND_DELETE)) as string;
const rawKey = `${prefix}raw`;
let rawCounter = 0;
// Owner tokens as a real lock makes them (and as cachify does): unique across processes.
const tokenPrefix = `${randomUUID()}:`;

const rawNodeRedis = await nodeRedis();
const rawNodeRedisKey = `${prefix}raw-node-redis`;
const ioredisLock = cachifyOn(ioredis()).lock({ key: 'uncontended-ioredis', exp: 10_000 });
const bareBackend = redisBackend(ioredis());
let ownerCounter = 0;
const nodeRedisLock = cachifyOn(await nodeRedis()).lock({
  key: 'uncontended-node-redis',
  exp: 10_000,
});
const semaphoreMutex = new Mutex(ioredis(), `${prefix}semaphore`, { lockTimeout: 10_000 });
const redlock = new Redlock([ioredis()], { retryCount: 0 });

const contenders: Record<string, () => Promise<void>> = {
  'raw SET NX PX + compare-and-delete': async () => {
    const token = `${tokenPrefix}${++rawCounter}`;
    await raw.set(rawKey, token, 'PX', 10_000, 'NX');
    await raw.evalsha(compareAndDeleteSha, 1, rawKey, token);
  },
  'cachify (ioredis)': async () => {
    const held = await ioredisLock.acquire();
    await held.release();
  },
  'cachify backend alone (ioredis)': async () => {
    const owner = `${tokenPrefix}${++ownerCounter}`;
    const request = { key: `${prefix}bare`, owner, exp: 10_000, wait: false, timeout: null };
    await bareBackend.acquireLock(request);
    await bareBackend.releaseLock(`${prefix}bare`, owner);
  },
  'raw, with node-redis (context)': async () => {
    const token = `${tokenPrefix}${++rawCounter}`;
    await rawNodeRedis.set(rawNodeRedisKey, token, { NX: true, PX: 10_000 });
    await rawNodeRedis.evalSha(compareAndDeleteSha, {
      keys: [rawNodeRedisKey],
      arguments: [token],
    });
  },
  'cachify (node-redis)': async () => {
    const held = await nodeRedisLock.acquire();
    await held.release();
  },
  'redis-semaphore Mutex': async () => {
    await semaphoreMutex.acquire();
    await semaphoreMutex.release();
  },
  '@sesamecare-oss/redlock (1 node)': async () => {
    const lock = await redlock.acquire([`${prefix}redlock`], 10_000);
    await lock.release();
  },
};

const names = Object.keys(contenders);
const runs = names.map((name) => contenders[name] ?? (async () => {}));
const rateList = await interleavedRates(runs, ROUNDS, OPS_PER_ROUND);
const rates = new Map<string, number[]>(names.map((name, index) => [name, rateList[index] ?? []]));
// Client CPU per operation: on a loaded machine, less noisy than throughput, and what bounds it.
const cpuList = await cpuPerOperation(runs, CPU_ROUNDS, OPS_PER_ROUND);
const cpu = new Map<string, number>(names.map((name, index) => [name, cpuList[index] ?? 0]));

const ratios = (name: string, to: string) =>
  ratiosByRound(rates.get(name) ?? [], rates.get(to) ?? []);
const rawName = names[0] ?? '';
const rawCpu = cpu.get(rawName) ?? 0;
console.log(
  `uncontended acquire+release, one at a time (${ROUNDS} rounds of ${OPS_PER_ROUND} operations each, contenders taking turns; median, and the middle half of rounds)`,
);
for (const name of names) {
  const rate = median(rates.get(name) ?? []);
  const vsRaw = ratios(name, rawName);
  const cpuPerOp = cpu.get(name) ?? 0;
  console.log(
    `  ${name.padEnd(36)} ${rate.toFixed(0).padStart(7)} ops/s   ${median(vsRaw).toFixed(2)}x raw (${middleHalf(vsRaw)})   client CPU ${cpuPerOp.toFixed(0)} µs/op, raw/this ${(rawCpu / cpuPerOp).toFixed(2)}`,
  );
}
const vsSemaphore = ratios('cachify (ioredis)', 'redis-semaphore Mutex');
const vsRedlock = ratios('cachify (ioredis)', '@sesamecare-oss/redlock (1 node)');
console.log(
  `  cachify (ioredis) vs redis-semaphore ${median(vsSemaphore).toFixed(2)}x (${middleHalf(vsSemaphore)}), vs redlock ${median(vsRedlock).toFixed(2)}x (${middleHalf(vsRedlock)})`,
);

// --- the layers alone -------------------------------------------------------------------

// What the lock and the backend cost the client without the network and Redis, which make the
// figures above noisy on a shared machine: acquire+release on a connection that answers each
// script at once (the quick acquisition with a token, the release with 1), against two awaits of
// settled promises (the floor of any two-step async call). redis-semaphore's Mutex likewise.
type Connection = ConstructorParameters<typeof RedisBackend>[0];
let instantToken = 1_700_000_000_000_000;
const instant: Connection = {
  cluster: false,
  sendScript: (script) => Promise.resolve(script.name === 'acquireQuickly' ? ++instantToken : 1),
  evalScript: () => Promise.reject(new Error('every script is known')),
  get: () => Promise.resolve(null),
  set: () => Promise.resolve(),
  del: () => Promise.resolve(0),
  exists: () => Promise.resolve(0),
  openSubscriber: () => Promise.reject(new Error('no pub/sub without a connection')),
};
const layersLock = new Cachify({
  backend: new RedisBackend(instant),
  prefix,
  isGlobal: false,
  logger: false,
}).lock({ key: 'layers', exp: 10_000 });
// The same for redis-semaphore, on a client whose SET and EVALSHA answer at once.
const instantClient = {
  set: () => Promise.resolve('OK'),
  evalsha: () => Promise.resolve(1),
  options: {},
};
const instantMutex = new Mutex(instantClient as unknown as Redis, `${prefix}layers-semaphore`, {
  lockTimeout: 10_000,
});
const RESOLVED = Promise.resolve();
const layerRuns: Record<string, () => Promise<void>> = {
  'lock + backend, no I/O': async () => {
    const held = await layersLock.acquire();
    await held.release();
  },
  'redis-semaphore Mutex, no I/O': async () => {
    await instantMutex.acquire();
    await instantMutex.release();
  },
  'two settled awaits (floor)': async () => {
    await RESOLVED;
    await RESOLVED;
  },
};
const LAYER_OPS = 50_000;
const layerNames = Object.keys(layerRuns);
const layerContenders = Object.values(layerRuns);
// The first round warms up.
await cpuPerOperation(layerContenders, 1, LAYER_OPS);
const layerCpu = await cpuPerOperation(layerContenders, 6, LAYER_OPS);
console.log('\nthe layers alone: client CPU per acquire+release without I/O (median of 6 rounds)');
for (const [index, name] of layerNames.entries()) {
  console.log(`  ${name.padEnd(36)} ${(layerCpu[index] ?? 0).toFixed(2)} µs/op`);
}

// --- hand-off ----------------------------------------------------------------------------

const holderSide = cachifyOn(ioredis());
const waiterSide = cachifyOn(ioredis());
const ourHandoffs = await handoffs(
  HANDOFFS,
  async () => {
    const held = await holderSide.lock({ key: 'handoff', exp: 10_000 }).acquire();
    return [() => held.release()];
  },
  async () => {
    const held = await waiterSide.lock({ key: 'handoff', exp: 10_000, nowait: false }).acquire();
    return () => held.release();
  },
);
const semaphoreHolder = ioredis();
const semaphoreWaiter = ioredis();
const semaphoreHandoffs = await handoffs(
  Math.min(HANDOFFS, 100),
  async () => {
    const mutex = new Mutex(semaphoreHolder, `${prefix}handoff-semaphore`, { lockTimeout: 10_000 });
    await mutex.acquire();
    return [() => mutex.release()];
  },
  async () => {
    const mutex = new Mutex(semaphoreWaiter, `${prefix}handoff-semaphore`, { lockTimeout: 10_000 });
    await mutex.acquire();
    return () => mutex.release();
  },
);
printHandoffs(
  'hand-off with one waiter: release call to waiter holding',
  ourHandoffs,
  semaphoreHandoffs,
);

// --- fairness ----------------------------------------------------------------------------

const fairSides = Array.from({ length: 4 }, () => cachifyOn(ioredis()));
const ourCounts = await fairness(4, FAIRNESS_MS, async (worker) => {
  const side = fairSides[worker];
  if (!side) return;
  await using _held = await side.lock({ key: 'fairness', exp: 10_000, nowait: false }).acquire();
  await new Promise((resolve) => setImmediate(resolve));
});
const semaphoreClients = Array.from({ length: 4 }, () => ioredis());
const semaphoreCounts = await fairness(4, FAIRNESS_MS, async (worker) => {
  const client = semaphoreClients[worker];
  if (!client) return;
  const mutex = new Mutex(client, `${prefix}fairness-semaphore`, {
    lockTimeout: 10_000,
    acquireTimeout: 60_000,
  });
  await mutex.acquire();
  await new Promise((resolve) => setImmediate(resolve));
  await mutex.release();
});
console.log(`\nfairness: 4 workers on one key for ${FAIRNESS_MS} ms, acquisitions each`);
console.log(`  cachify          ${spread(ourCounts)}`);
console.log(`  redis-semaphore  ${spread(semaphoreCounts)}`);

const leftovers = await raw.keys(`*${prefix}*`);
if (leftovers.length > 0) await raw.del(...leftovers);
for (const client of clients) client.close();
process.exit(0);
