/**
 * Measurements shared by the Redis benchmarks (locks and pools): order statistics, hand-off
 * latency from a release to a waiting holder, and fairness of workers taking turns.
 *
 * @module
 */

/** The middle value of `values`. */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** The `q` quantile of values already sorted ascending. */
export const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Milliseconds as the reports print them. */
export const ms = (value: number): string => `${value.toFixed(3)} ms`;

/**
 * Release-to-holding latency (ms) over `count` hand-offs: `take` fills the lock or pool and returns
 * its releases; the first release must hand the place to the one waiter from `wait`, the others
 * run once that waiter has released again. Sorted ascending.
 */
export async function handoffs(
  count: number,
  take: () => Promise<Array<() => Promise<unknown>>>,
  wait: () => Promise<() => Promise<unknown>>,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const [handOver, ...rest] = await take();
    let releasedAt = 0;
    const waiter = wait().then((releaseWaiter) => {
      latencies.push(performance.now() - releasedAt);
      return releaseWaiter;
    });
    // Let the waiter queue up and fall asleep before the release.
    await new Promise((resolve) => setTimeout(resolve, 3));
    releasedAt = performance.now();
    await handOver?.();
    await (await waiter)();
    for (const release of rest) await release();
  }
  return latencies.sort((a, b) => a - b);
}

/** Prints the p50 and p99 of our hand-offs and redis-semaphore's, under `title`. */
export function printHandoffs(title: string, ours: number[], semaphore: number[]): void {
  console.log(`\n${title}`);
  console.log(
    `  cachify (pub/sub)               p50 ${ms(quantile(ours, 0.5))}  p99 ${ms(quantile(ours, 0.99))}  (${ours.length} hand-offs)`,
  );
  console.log(
    `  redis-semaphore (polls, 10 ms)  p50 ${ms(quantile(semaphore, 0.5))}  p99 ${ms(quantile(semaphore, 0.99))}  (${semaphore.length} hand-offs)`,
  );
}

/** Runs `workers` loops of `cycle` (take, briefly hold, release) for `durationMs`; counts each. */
export async function fairness(
  workers: number,
  durationMs: number,
  cycle: (worker: number) => Promise<void>,
): Promise<number[]> {
  const counts = new Array<number>(workers).fill(0);
  const until = Date.now() + durationMs;
  await Promise.all(
    counts.map(async (_, worker) => {
      while (Date.now() < until) {
        await cycle(worker);
        counts[worker] = (counts[worker] ?? 0) + 1;
      }
    }),
  );
  return counts;
}

/** Most acquisitions of a worker over the fewest: 1 is perfectly fair. */
export const fairnessOf = (counts: number[]): number =>
  Math.max(...counts) / Math.max(1, Math.min(...counts));

/** One line describing a fairness run's counts. */
export const spread = (counts: number[]): string =>
  `min ${Math.min(...counts)}  max ${Math.max(...counts)}  max/min ${fairnessOf(counts).toFixed(2)}  [${counts.join(', ')}]`;
