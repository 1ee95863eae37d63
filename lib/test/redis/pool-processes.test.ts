/**
 * Pools across processes: 8 Node processes holding and releasing slots of one pool with
 * `maxSize: 3` on Redis, through both client libraries, some slots expiring mid-hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Child } from './child.js';
import {
  CLIENT_KINDS,
  connectClient,
  deleteKeys,
  SHARED_REDIS,
  type TestClient,
  uniquePrefix,
} from './helpers.js';

interface Hold {
  requested: number;
  start: number;
  end: number;
  token: bigint;
  expired: boolean;
  lostBeforeRelease: boolean;
}

describe('pools across processes', () => {
  const prefix = uniquePrefix('pool-processes');
  let raw: TestClient;
  const children: Child[] = [];

  beforeAll(async () => {
    raw = await connectClient('ioredis');
  });

  afterAll(async () => {
    for (const child of children) child.kill();
    await deleteKeys(raw, `*${prefix}*`);
    await raw.close();
  });

  it('8 processes, 2,000 holds of a pool with maxSize 3, slots expiring mid-hold: never more than 3 valid holders at any moment, fencing tokens strictly increasing', async () => {
    const key = `${prefix}workers`;
    const processes = 8;
    const each = 250;
    const maxSize = 3;
    for (let index = 0; index < processes; index++) {
      children.push(
        new Child('pool-holder', [
          CLIENT_KINDS[index % 2] ?? 'ioredis',
          SHARED_REDIS.port,
          key,
          maxSize,
          each,
        ]),
      );
    }
    for (const child of children) expect(await child.line()).toBe('ready');
    for (const child of children) child.send('go');
    const perProcess = await Promise.all(
      children.map(async (child) =>
        (JSON.parse(await child.line()) as Record<string, unknown>[]).map(
          (hold): Hold => ({
            requested: Number(hold.requested),
            start: Number(hold.start),
            end: Number(hold.end),
            token: BigInt(String(hold.token)),
            expired: hold.expired === true,
            lostBeforeRelease: hold.lostBeforeRelease === true,
          }),
        ),
      ),
    );
    for (const child of children) expect(await child.exit()).toBe(0);
    const holds = perProcess.flat();
    expect(holds).toHaveLength(processes * each);
    // Slots did expire mid-hold, and their releases said so.
    expect(holds.filter((hold) => hold.expired).length).toBeGreaterThan(processes * 10);

    // On a loaded machine a grant can reach its process after its 25 ms slot already lapsed (the
    // lifetime counts from when the attempt was sent): such a hold held nothing valid, and its
    // signal said so. It takes no part in the checks of valid leases below.
    const lapsedOnArrival = holds.filter((hold) => hold.end <= hold.start);
    for (const hold of lapsedOnArrival) expect(hold.lostBeforeRelease).toBe(true);
    const valid = holds.filter((hold) => hold.end > hold.start);

    // At no moment more than maxSize valid leases (an end comes before a start at the same time).
    const events = valid
      .flatMap((hold) => [
        { at: hold.start, delta: 1 },
        { at: hold.end, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let holding = 0;
    let most = 0;
    for (const event of events) {
      holding += event.delta;
      most = Math.max(most, holding);
    }
    expect(most).toBeLessThanOrEqual(maxSize);
    expect(most).toBe(maxSize);

    // Tokens are unique, increase within each process, and a hold that asked after another's
    // valid lease ended has the greater token.
    expect(new Set(holds.map((hold) => hold.token)).size).toBe(holds.length);
    for (const own of perProcess) {
      for (let index = 1; index < own.length; index++) {
        expect(own[index].token).toBeGreaterThan(own[index - 1].token);
      }
    }
    const byEnd = [...valid].sort((a, b) => a.end - b.end);
    const byRequest = [...holds].sort((a, b) => a.requested - b.requested);
    let ended = 0;
    let highestEnded = -1n;
    let inversions = 0;
    for (const hold of byRequest) {
      while (ended < byEnd.length && byEnd[ended].end < hold.requested) {
        if (byEnd[ended].token > highestEnded) highestEnded = byEnd[ended].token;
        ended++;
      }
      if (hold.token <= highestEnded) inversions++;
    }
    expect(inversions).toBe(0);
  }, 180_000);
});
