/**
 * The in-memory backend against its peers, side by side in one process:
 *
 * - uncontended: our async and sync acquire+release, async-mutex acquire+release, a bare Map
 *   set+delete (the floor for any in-memory lock);
 * - queued: 100,000 waiters drained through us and through async-mutex's runExclusive.
 *
 * Run: `npm run bench -w cachify`. Prints mitata's tables, then the ratios against the targets.
 */
import { Mutex } from 'async-mutex';
import { bench, do_not_optimize, measure, run, summary } from 'mitata';
import { Cachify, memoryBackend } from '../src/index.js';

const WAITERS = 100_000;

const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
const lock = cachify.lock({ key: 'bench' });
const waitingLock = cachify.lock({ key: 'bench-waiting', nowait: false });
const mutex = new Mutex();
const map = new Map<string, object>();
const entry = { owner: 'x' };
const mapKey = 'cachify:lock:bench';

summary(() => {
  bench('bare Map set+delete', () => {
    map.set(mapKey, entry);
    do_not_optimize(map.delete(mapKey));
  });
  bench('cachify sync acquire+release', () => {
    const held = lock.acquireSync();
    do_not_optimize(held.releaseSync());
  });
});

summary(() => {
  bench('async-mutex acquire+release', async () => {
    const release = await mutex.acquire();
    release();
  });
  bench('cachify async acquire+release', async () => {
    const held = await lock.acquire();
    await held.release();
  });
  bench('cachify async acquire+release (nowait: false)', async () => {
    const held = await waitingLock.acquire();
    await held.release();
  });
});

const { benchmarks } = await run();
const avg = (name: string): number => {
  const trial = benchmarks.find((b) => b.alias === name);
  const stats = trial?.runs[0]?.stats;
  if (stats === undefined) throw new Error(`no result for ${name}`);
  return stats.avg;
};

/** Queues `WAITERS` waiters behind a holder, releases, and waits until all have run. */
async function drainCachify(): Promise<void> {
  const waiting = cachify.lock({ key: 'drain', nowait: false });
  const holder = await waiting.acquire();
  const done: Promise<boolean>[] = new Array(WAITERS);
  for (let i = 0; i < WAITERS; i++) done[i] = waiting.acquire().then((held) => held.release());
  await holder.release();
  await Promise.all(done);
}

async function drainAsyncMutex(): Promise<void> {
  const drained = new Mutex();
  const release = await drained.acquire();
  const done: Promise<number>[] = new Array(WAITERS);
  for (let i = 0; i < WAITERS; i++) done[i] = drained.runExclusive(() => i);
  release();
  await Promise.all(done);
}

// Whole-drain runs take up to seconds each: a few samples, not mitata's default dozen.
const drainOptions = { min_samples: 5, max_samples: 5, warmup_samples: 1, min_cpu_time: 0 };
console.log(`\ndrain of ${WAITERS.toLocaleString('en-US')} queued waiters (5 runs each)`);
const ours = await measure(drainCachify, drainOptions);
console.log(`  cachify              p50 ${ms(ours.p50)}  avg ${ms(ours.avg)}  max ${ms(ours.max)}`);
const theirs = await measure(drainAsyncMutex, drainOptions);
console.log(
  `  async-mutex          p50 ${ms(theirs.p50)}  avg ${ms(theirs.avg)}  max ${ms(theirs.max)}`,
);

const rows = [
  {
    what: 'async acquire+release: async-mutex time / ours',
    ratio: avg('async-mutex acquire+release') / avg('cachify async acquire+release'),
    target: '>= 1',
    met: (r: number) => r >= 1,
  },
  {
    what: 'async, nowait: false: async-mutex time / ours',
    ratio:
      avg('async-mutex acquire+release') / avg('cachify async acquire+release (nowait: false)'),
    target: '>= 1',
    met: (r: number) => r >= 1,
  },
  {
    what: 'sync acquire+release: ours / bare Map set+delete',
    ratio: avg('cachify sync acquire+release') / avg('bare Map set+delete'),
    target: '<= 5',
    met: (r: number) => r <= 5,
  },
  {
    what: `drain of ${WAITERS} waiters: async-mutex time / ours`,
    ratio: theirs.p50 / ours.p50,
    target: '>= 10',
    met: (r: number) => r >= 10,
  },
];
console.log('\nratios (from the runs above)');
for (const row of rows) {
  const verdict = row.met(row.ratio) ? 'met' : 'MISSED';
  console.log(
    `  ${row.what.padEnd(52)} ${row.ratio.toFixed(2).padStart(7)}x  target ${row.target}  ${verdict}`,
  );
}
const underSecond = ours.p50 < 1e9;
console.log(
  `  ${'drain through cachify, median run'.padEnd(52)} ${ms(ours.p50).padStart(8)}  target < 1 s  ${underSecond ? 'met' : 'MISSED'}  (slowest ${ms(ours.max)})`,
);

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(1)} ms`;
}
