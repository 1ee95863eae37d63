/**
 * Pools against their peers, side by side in one process:
 *
 * - in memory, against async-mutex's `Semaphore`: acquire+release uncontended, and a drain of
 *   100,000 waiters queued behind a full pool;
 * - on Redis, against redis-semaphore's `Semaphore`: uncontended acquire+release throughput (the
 *   contenders take turns operation by operation, so a busy machine slows them alike; ratios are
 *   taken within each round and their median counts), hand-off latency from a release to the
 *   longest waiter holding the slot (p50 / p99), and fairness of 4 workers contending for a pool
 *   of 2 (acquisitions per worker, max/min).
 *
 * Run: `npm run bench:pool -w cachify` (Redis on 127.0.0.1:6379, or REDIS_PORT). It measures the
 * built package (`dist/`), as `bench:redis` does.
 */
import { randomUUID } from 'node:crypto';
import { Semaphore as MemorySemaphore } from 'async-mutex';
import { Redis } from 'ioredis';
import { bench, measure, run, summary } from 'mitata';
import { createClient } from 'redis';
import { Semaphore as RedisSemaphore } from 'redis-semaphore';
import {
  cpuPerOperation,
  fairness,
  fairnessOf,
  handoffs,
  interleavedRates,
  median,
  middleHalf,
  ms,
  printHandoffs,
  quantile,
  ratiosByRound,
  spread,
} from './measure.js';

const dist = '../dist/';
const { Cachify, memoryBackend } = (await import(
  `${dist}index.js`
)) as typeof import('../src/index.js');
const { redisBackend } = (await import(`${dist}redis.js`)) as typeof import('../src/redis.js');

const WAITERS = 100_000;
const MAX_SIZE = 4;
const PORT = Number(process.env.REDIS_PORT ?? 6379);
const ROUNDS = Number(process.env.ROUNDS ?? 21);
const OPS_PER_ROUND = Number(process.env.OPS ?? 200);
const HANDOFFS = Number(process.env.HANDOFFS ?? 300);
const FAIRNESS_MS = Number(process.env.FAIRNESS_MS ?? 3000);
const prefix = `bench-pool:${randomUUID().slice(0, 8)}:`;

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

// --- in memory ---------------------------------------------------------------------------

const memory = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
const memoryPool = memory.pool({ key: 'bench', maxSize: MAX_SIZE });
const semaphore = new MemorySemaphore(MAX_SIZE);

summary(() => {
  bench('async-mutex Semaphore acquire+release', async () => {
    const [, release] = await semaphore.acquire();
    release();
  });
  bench('cachify pool async acquire+release', async () => {
    const slot = await memoryPool.acquire();
    await slot.release();
  });
  bench('cachify pool sync acquire+release', () => {
    memoryPool.acquireSync().releaseSync();
  });
});

const { benchmarks } = await run();
const avg = (name: string): number => {
  const stats = benchmarks.find((b) => b.alias === name)?.runs[0]?.stats;
  if (stats === undefined) throw new Error(`no result for ${name}`);
  return stats.avg;
};

/** Fills a pool, queues `WAITERS` waiters behind it, frees it, and waits until all have run. */
async function drainCachify(): Promise<void> {
  const waiting = memory.pool({ key: 'drain', maxSize: MAX_SIZE, nowait: false, slotExp: null });
  const holders = await Promise.all(Array.from({ length: MAX_SIZE }, () => waiting.acquire()));
  const done: Promise<boolean>[] = new Array(WAITERS);
  for (let i = 0; i < WAITERS; i++) done[i] = waiting.acquire().then((slot) => slot.release());
  for (const holder of holders) await holder.release();
  await Promise.all(done);
}

async function drainAsyncMutex(): Promise<void> {
  const drained = new MemorySemaphore(MAX_SIZE);
  const holders = await Promise.all(Array.from({ length: MAX_SIZE }, () => drained.acquire()));
  const done: Promise<number>[] = new Array(WAITERS);
  for (let i = 0; i < WAITERS; i++) done[i] = drained.runExclusive(() => i);
  for (const [, release] of holders) release();
  await Promise.all(done);
}

const drainOptions = { min_samples: 5, max_samples: 5, warmup_samples: 1, min_cpu_time: 0 };
const ns = (value: number) => `${(value / 1e6).toFixed(1)} ms`;
console.log(
  `\ndrain of ${WAITERS.toLocaleString('en-US')} waiters queued behind a full pool of ${MAX_SIZE} (5 runs each)`,
);
const ourDrain = await measure(drainCachify, drainOptions);
console.log(`  cachify pool           p50 ${ns(ourDrain.p50)}  max ${ns(ourDrain.max)}`);
const theirDrain = await measure(drainAsyncMutex, drainOptions);
console.log(`  async-mutex Semaphore  p50 ${ns(theirDrain.p50)}  max ${ns(theirDrain.max)}`);

const asyncRatio =
  avg('async-mutex Semaphore acquire+release') / avg('cachify pool async acquire+release');
const drainRatio = theirDrain.p50 / ourDrain.p50;
console.log('\nin memory: async-mutex time / ours (from the runs above)');
console.log(`  uncontended async acquire+release  ${asyncRatio.toFixed(2)}x`);
console.log(`  drain of ${WAITERS} queued waiters    ${drainRatio.toFixed(2)}x`);

// --- on Redis ----------------------------------------------------------------------------

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

const ioredisPool = cachifyOn(ioredis()).pool({ key: 'ioredis', maxSize: MAX_SIZE });
const nodeRedisPool = cachifyOn(await nodeRedis()).pool({ key: 'node-redis', maxSize: MAX_SIZE });
const redisSemaphore = new RedisSemaphore(ioredis(), `${prefix}semaphore`, MAX_SIZE, {
  lockTimeout: 600_000,
});

const contenders: Record<string, () => Promise<void>> = {
  'cachify pool (ioredis)': async () => {
    const slot = await ioredisPool.acquire();
    await slot.release();
  },
  'cachify pool (node-redis)': async () => {
    const slot = await nodeRedisPool.acquire();
    await slot.release();
  },
  'redis-semaphore Semaphore': async () => {
    await redisSemaphore.acquire();
    await redisSemaphore.release();
  },
};
const names = Object.keys(contenders);
const runs = names.map((name) => contenders[name] ?? (async () => {}));
const rates = await interleavedRates(runs, ROUNDS, OPS_PER_ROUND);
const semaphoreIndex = names.indexOf('redis-semaphore Semaphore');
const ratioTo = (index: number) => ratiosByRound(rates[index] ?? [], rates[semaphoreIndex] ?? []);
console.log(
  `\non Redis, uncontended acquire+release, one at a time (${ROUNDS} rounds of ${OPS_PER_ROUND}, contenders taking turns; median, and the middle half of rounds)`,
);
for (const [index, name] of names.entries()) {
  const ratios = ratioTo(index);
  console.log(
    `  ${name.padEnd(28)} ${median(rates[index] ?? [])
      .toFixed(0)
      .padStart(6)} ops/s   ${median(ratios).toFixed(2)}x redis-semaphore (${middleHalf(ratios)})`,
  );
}
const throughputRatio = median(ratioTo(0));
// Client CPU per operation: on a loaded machine less noisy than throughput, and what bounds it.
const cpu = await cpuPerOperation(runs, 7, OPS_PER_ROUND);
for (const [index, name] of names.entries()) {
  console.log(`  ${name.padEnd(28)} client CPU ${(cpu[index] ?? 0).toFixed(1)} µs/op`);
}

const holderSide = cachifyOn(ioredis());
const waiterSide = cachifyOn(ioredis());
const ourHandoffs = await handoffs(
  HANDOFFS,
  async () => {
    const full = holderSide.pool({ key: 'handoff', maxSize: 2 });
    const slots = [await full.acquire(), await full.acquire()];
    return slots.map((slot) => () => slot.release());
  },
  async () => {
    const slot = await waiterSide.pool({ key: 'handoff', maxSize: 2, nowait: false }).acquire();
    return () => slot.release();
  },
);
const semaphoreHolder = ioredis();
const semaphoreWaiter = ioredis();
const semaphoreHandoffs = await handoffs(
  Math.min(HANDOFFS, 100),
  async () => {
    const slots = [0, 1].map(
      () =>
        new RedisSemaphore(semaphoreHolder, `${prefix}handoff-semaphore`, 2, {
          lockTimeout: 60_000,
        }),
    );
    for (const slot of slots) await slot.acquire();
    return slots.map((slot) => () => slot.release());
  },
  async () => {
    const slot = new RedisSemaphore(semaphoreWaiter, `${prefix}handoff-semaphore`, 2, {
      lockTimeout: 60_000,
    });
    await slot.acquire();
    return () => slot.release();
  },
);
printHandoffs(
  'hand-off: a full pool of 2, one waiter; release call to waiter holding',
  ourHandoffs,
  semaphoreHandoffs,
);

const fairSides = Array.from({ length: 4 }, () => cachifyOn(ioredis()));
const ourCounts = await fairness(4, FAIRNESS_MS, async (worker) => {
  const side = fairSides[worker];
  if (!side) return;
  await using _slot = await side.pool({ key: 'fairness', maxSize: 2, nowait: false }).acquire();
  await new Promise((resolve) => setImmediate(resolve));
});
const semaphoreClients = Array.from({ length: 4 }, () => ioredis());
const semaphoreCounts = await fairness(4, FAIRNESS_MS, async (worker) => {
  const client = semaphoreClients[worker];
  if (!client) return;
  const slot = new RedisSemaphore(client, `${prefix}fairness-semaphore`, 2, {
    lockTimeout: 60_000,
    acquireTimeout: 60_000,
  });
  await slot.acquire();
  await new Promise((resolve) => setImmediate(resolve));
  await slot.release();
});
console.log(`\nfairness: 4 workers, a pool of 2, for ${FAIRNESS_MS} ms; acquisitions each`);
console.log(`  cachify          ${spread(ourCounts)}`);
console.log(`  redis-semaphore  ${spread(semaphoreCounts)}`);

console.log('\ntargets');
const handoffP50 = quantile(ourHandoffs, 0.5);
for (const [what, value, met] of [
  ['memory, uncontended: async-mutex time / ours', `${asyncRatio.toFixed(2)}x`, asyncRatio >= 1],
  ['memory, drain: async-mutex time / ours', `${drainRatio.toFixed(2)}x`, drainRatio >= 1],
  [
    'Redis, uncontended: ours / redis-semaphore',
    `${throughputRatio.toFixed(2)}x`,
    throughputRatio > 1,
  ],
  ['Redis, hand-off p50 <= 1.5 ms', ms(handoffP50), handoffP50 <= 1.5],
  [
    'Redis, fairness max/min <= 1.2',
    fairnessOf(ourCounts).toFixed(2),
    fairnessOf(ourCounts) <= 1.2,
  ],
] as const) {
  console.log(`  ${what.padEnd(46)} ${value.padStart(9)}  ${verdict(met)}`);
}

const raw = ioredis();
const leftovers = await raw.keys(`*${prefix}*`);
if (leftovers.length > 0) await raw.del(...leftovers);
for (const client of clients) client.close();
process.exit(0);
