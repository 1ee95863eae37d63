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

/**
 * Throughput of each contender (ops/s per round): the contenders take turns operation by
 * operation (who goes first rotates every cycle), so each of them meets the same moments of a
 * busy machine; a round adds up each contender's time over its operations. Warms every
 * contender up first (scripts loaded, connections ready, code optimised).
 */
export async function interleavedRates(
  contenders: ReadonlyArray<() => Promise<unknown>>,
  rounds: number,
  opsPerRound: number,
): Promise<number[][]> {
  for (const run of contenders) for (let i = 0; i < 200; i++) await run();
  const rates = contenders.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    const spent = contenders.map(() => 0);
    for (let cycle = 0; cycle < opsPerRound; cycle++) {
      for (let turn = 0; turn < contenders.length; turn++) {
        const index = (turn + cycle) % contenders.length;
        const started = performance.now();
        await contenders[index]?.();
        spent[index] = (spent[index] ?? 0) + performance.now() - started;
      }
    }
    spent.forEach((ms, index) => {
      rates[index]?.push(opsPerRound / (ms / 1000));
    });
  }
  return rates;
}

/**
 * Ratios of `ours` to `theirs` taken within each round (the contenders took turns), sorted: a
 * machine whose load drifts between rounds slows everyone in a round alike, which this cancels
 * and a ratio of medians would not.
 */
export const ratiosByRound = (ours: number[], theirs: number[]): number[] =>
  ours.map((rate, round) => rate / (theirs[round] ?? rate)).sort((a, b) => a - b);

/** The middle half of sorted ratios, as the reports print it. */
export const middleHalf = (sorted: number[]): string =>
  `${quantile(sorted, 0.25).toFixed(2)}..${quantile(sorted, 0.75).toFixed(2)}`;

/**
 * Client CPU per operation (µs) of each contender, median of `rounds` blocks of `ops` operations
 * in a row: measured in blocks, since reading it is a system call, too costly per operation.
 */
export async function cpuPerOperation(
  contenders: ReadonlyArray<() => Promise<unknown>>,
  rounds: number,
  ops: number,
): Promise<number[]> {
  const samples = contenders.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, run] of contenders.entries()) {
      const before = process.cpuUsage();
      for (let i = 0; i < ops; i++) await run();
      const used = process.cpuUsage(before);
      samples[index]?.push((used.user + used.system) / ops);
    }
  }
  return samples.map(median);
}
