/**
 * Locks across processes: real Node processes contending on one Redis, and holders killed or
 * paused with signals. The paused-holder test runs its own `redis-server`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockKeys } from '../../src/backends/redis/keys.js';
import { initCachify } from '../../src/index.js';
import { Child } from './child.js';
import {
  CLIENT_KINDS,
  connectBackend,
  deleteKeys,
  SHARED_REDIS,
  startRedis,
  type TestClient,
  uniquePrefix,
} from './helpers.js';

describe('locks across processes', () => {
  const prefix = uniquePrefix('processes');
  let raw: TestClient;
  let close: () => Promise<void>;
  const children: Child[] = [];
  /** Private servers of tests that use one, stopped after the last test even if one failed. */
  const servers: { stop(): Promise<void> }[] = [];
  const start = (name: string, args: (string | number)[]) => {
    const child = new Child(name, args);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    const connected = await connectBackend('ioredis');
    raw = connected.client;
    close = connected.close;
  });

  afterAll(async () => {
    for (const child of children) child.kill();
    for (const server of servers) await server.stop();
    await deleteKeys(raw, `*${prefix}*`);
    await close();
  });

  it('never lets two of 8 processes hold the lock at once over 2,000 acquisitions, with fencing tokens increasing in hold order', async () => {
    const key = `${prefix}contended`;
    const counterKey = `${prefix}counter`;
    const processes = 8;
    const each = 250;
    const contenders = Array.from({ length: processes }, (_, index) =>
      start('contender', [
        CLIENT_KINDS[index % 2] ?? 'ioredis',
        SHARED_REDIS.port,
        key,
        counterKey,
        each,
      ]),
    );
    for (const child of contenders) expect(await child.line()).toBe('ready');
    for (const child of contenders) child.send('go');
    const holds = (
      await Promise.all(
        contenders.map(async (child) => JSON.parse(await child.line()) as Record<string, string>[]),
      )
    )
      .flat()
      .map((hold) => ({
        start: BigInt(hold.start),
        end: BigInt(hold.end),
        token: BigInt(hold.token),
      }))
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (const child of contenders) expect(await child.exit()).toBe(0);

    expect(holds).toHaveLength(processes * each);
    let overlaps = 0;
    let tokenInversions = 0;
    for (let index = 1; index < holds.length; index++) {
      const previous = holds[index - 1];
      const current = holds[index];
      if (!previous || !current) continue;
      if (current.start < previous.end) overlaps++;
      if (current.token <= previous.token) tokenInversions++;
    }
    expect(overlaps).toBe(0);
    expect(tokenInversions).toBe(0);
    // The read-modify-write done under the lock lost no update.
    expect(await raw.command('GET', counterKey)).toBe(String(processes * each));
  }, 180_000);

  it('never lets two of 8 processes hold a valid lease at once when leases expire mid-hold (judged by expiresAt and signal)', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const key = `${prefix}expiring`;
    const processes = 8;
    const each = 40;
    const exp = 60;
    const contenders = Array.from({ length: processes }, (_, index) =>
      start('expiring-contender', [
        CLIENT_KINDS[index % 2] ?? 'ioredis',
        redis.port,
        key,
        each,
        exp,
      ]),
    );
    for (const child of contenders) expect(await child.line()).toBe('ready');
    for (const child of contenders) child.send('go');
    type Hold = {
      start: number;
      end: number;
      expiresAt: number | null;
      abortedAt: number | null;
      token: string;
    };
    const holds = (
      await Promise.all(contenders.map(async (child) => JSON.parse(await child.line()) as Hold[]))
    )
      .flat()
      // A hold is valid from its grant until it ended, its lease ran out, or its signal aborted.
      .map((hold) => ({
        start: hold.start,
        validUntil: Math.min(
          hold.end,
          hold.expiresAt ?? Number.POSITIVE_INFINITY,
          hold.abortedAt ?? Number.POSITIVE_INFINITY,
        ),
        outlived: hold.end > (hold.expiresAt ?? Number.POSITIVE_INFINITY),
        aborted: hold.abortedAt !== null,
        token: BigInt(hold.token),
      }))
      .sort((a, b) => a.start - b.start || (a.token < b.token ? -1 : 1));
    for (const child of contenders) expect(await child.exit()).toBe(0);
    await redis.stop();

    expect(holds).toHaveLength(processes * each);
    // Leases did run out mid-hold, and holders' signals said so.
    expect(holds.filter((hold) => hold.outlived).length).toBeGreaterThan(0);
    expect(holds.filter((hold) => hold.aborted).length).toBeGreaterThan(0);
    // A holder whose process got to its grant only after the lease ran out (a busy machine) never
    // held a valid lease: nothing to judge. Every other hold is judged on its valid part.
    const valid = holds.filter((hold) => hold.start < hold.validUntil);
    expect(valid.length).toBeGreaterThan(holds.length / 2);
    let overlaps = 0;
    let tokenInversions = 0;
    let latestValid = Number.NEGATIVE_INFINITY;
    for (let index = 0; index < valid.length; index++) {
      const current = valid[index];
      if (!current) continue;
      if (current.start < latestValid) overlaps++;
      latestValid = Math.max(latestValid, current.validUntil);
      const previous = valid[index - 1];
      if (previous && current.token <= previous.token) tokenInversions++;
    }
    expect(overlaps).toBe(0);
    expect(tokenInversions).toBe(0);
  }, 180_000);

  it.each(CLIENT_KINDS)(
    'frees the lock of a holder killed with SIGKILL within its exp (%s)',
    async (kind) => {
      const key = `${prefix}killed-${kind}`;
      const exp = 1500;
      const holder = start('holder', [kind, SHARED_REDIS.port, key, exp]);
      expect(await holder.line()).toMatch(/^held \d+$/);
      const ttl = Number(await raw.command('PTTL', lockKeys(`cachify:lock:${key}`).lock));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(exp);
      holder.process.kill('SIGKILL');
      await holder.exit();

      const connected = await connectBackend(kind);
      try {
        const cachify = initCachify({ backend: connected.backend, isGlobal: false, logger: false });
        // Waiting no longer than the dead holder's lifetime, plus slack for a busy machine.
        await using held = await cachify.lock({ key, nowait: false, timeout: exp * 2 }).acquire();
        expect(held.fencingToken).toBeGreaterThan(0n);
      } finally {
        await connected.close();
      }
    },
    30_000,
  );

  it.each(
    CLIENT_KINDS.flatMap((kind) => [
      { kind, autoExtend: false },
      { kind, autoExtend: true },
    ]),
  )(
    'a holder paused with SIGSTOP past its exp finds its signal aborted and its release false ($kind, autoExtend $autoExtend)',
    async ({ kind, autoExtend }) => {
      const key = `${prefix}paused-${kind}-${autoExtend}`;
      const exp = 600;
      const holder = start('holder', [kind, SHARED_REDIS.port, key, exp, String(autoExtend)]);
      const heldLine = await holder.line();
      expect(heldLine).toMatch(/^held \d+$/);
      holder.process.kill('SIGSTOP');

      const connected = await connectBackend(kind);
      try {
        const cachify = initCachify({ backend: connected.backend, isGlobal: false, logger: false });
        // The paused holder cannot renew: its lock expires and this process takes it.
        const held = await cachify.lock({ key, nowait: false, timeout: 10_000 }).acquire();
        expect(held.fencingToken).toBeGreaterThan(BigInt(heldLine.split(' ')[1] ?? '0'));

        holder.process.kill('SIGCONT');
        holder.send('check');
        const report = JSON.parse(await holder.line());
        expect(report).toMatchObject({
          aborted: true,
          error: 'CachifyLockLostError',
          released: false,
        });
        expect(await holder.exit()).toBe(0);
        // The resumed holder's release left the new owner's lock alone.
        expect(await held.release()).toBe(true);
      } finally {
        await connected.close();
      }
    },
    30_000,
  );
});
