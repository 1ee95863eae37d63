/**
 * On the shared Redis: cached values come back equal or are refused exactly as in memory, the
 * longest lifetime works end to end, a longer one is refused before Redis sees it, and the
 * backend's options are checked by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cachify, memoryBackend } from '../../src/index.js';
import { redisBackend } from '../../src/redis.js';
import { KEPT, REFUSED } from '../fixtures/stored-values.js';
import { connectBackend, connectClient, type TestClient, uniquePrefix } from './helpers.js';

let connection: Awaited<ReturnType<typeof connectBackend>>;
let raw: TestClient;

beforeAll(async () => {
  connection = await connectBackend('ioredis');
  raw = await connectClient('ioredis');
});

afterAll(async () => {
  await connection?.close();
  await raw?.close();
});

function instance(prefix: string) {
  return new Cachify({ backend: connection.backend, prefix, isGlobal: false, logger: false });
}

describe('cached values on Redis', () => {
  it.each(KEPT)('%s comes back from Redis equal to what was stored', async (_label, value) => {
    const prefix = uniquePrefix('kept');
    const compute = async () => value;
    await instance(prefix).cached({ key: 'v' }, compute)();
    expect(await raw.command('EXISTS', `${prefix}cached:v`)).toBe(1);
    // A second instance (as another process would) reads it from Redis.
    let calls = 0;
    const hit = await instance(prefix).cached({ key: 'v' }, async () => {
      calls += 1;
      return 'recomputed';
    })();
    expect(calls).toBe(0);
    expect(hit).toEqual(value);
  });

  it.each(REFUSED)(
    '%s is refused with the same error as in memory, and Redis holds nothing',
    async (_label, value) => {
      const prefix = uniquePrefix('refused');
      const onRedis = instance(prefix).cached({ key: 'v' }, async () => value)();
      const inMemory = new Cachify({
        backend: memoryBackend(),
        isGlobal: false,
        logger: false,
      }).cached({ key: 'v' }, async () => value)();
      const [redisError, memoryError] = await Promise.all([
        onRedis.then(
          () => undefined,
          (error: unknown) => error,
        ),
        inMemory.then(
          () => undefined,
          (error: unknown) => error,
        ),
      ]);
      expect(redisError).toBeInstanceOf(TypeError);
      expect((redisError as Error).message).toBe((memoryError as Error).message);
      expect((redisError as Error).message).toMatch(/Pass `encode` and `decode`/);
      expect(await raw.command('EXISTS', `${prefix}cached:v`)).toBe(0);
    },
  );

  it('a Map stored through encode / decode comes back a Map', async () => {
    const prefix = uniquePrefix('encoded');
    const options = {
      key: 'm',
      encode: (map: Map<string, number>) => [...map],
      decode: (entries: unknown) => new Map(entries as Array<[string, number]>),
    };
    await instance(prefix).cached(options, async () => new Map([['a', 1]]))();
    expect(await raw.command('GET', `${prefix}cached:m`)).toBe('[["a",1]]');
    const hit = await instance(prefix).cached(options, async () => new Map<string, number>())();
    expect(hit).toEqual(new Map([['a', 1]]));
  });
});

describe('the longest lifetime on Redis', () => {
  it('exp, extend(ms) and ttl of Number.MAX_SAFE_INTEGER work end to end', async () => {
    const prefix = uniquePrefix('longest');
    const cachify = instance(prefix);
    const max = Number.MAX_SAFE_INTEGER;
    const held = await cachify.lock({ key: 'k', exp: max }).acquire();
    expect(Number(await raw.command('PTTL', `{${prefix}lock:k}`))).toBeGreaterThan(max - 60_000);
    expect(await held.extend(max)).toBe(true);
    // A waiter's path passes exp through the acquire script, as a Lua number.
    const waiting = cachify.lock({ key: 'k', exp: max, nowait: false, timeout: 10_000 }).acquire();
    expect(await held.release()).toBe(true);
    const next = await waiting;
    expect(Number(await raw.command('PTTL', `{${prefix}lock:k}`))).toBeGreaterThan(max - 60_000);
    expect(await next.release()).toBe(true);
    await cachify.cached({ key: 'v', ttl: max }, async () => 1)();
    expect(Number(await raw.command('PTTL', `${prefix}cached:v`))).toBeGreaterThan(max - 60_000);
  });

  it('a longer exp or ttl is a RangeError when created, not a Redis error later that loses the result', () => {
    const cachify = instance(uniquePrefix('too-long'));
    expect(() => cachify.lock({ key: 'k', exp: 1e20 })).toThrow(RangeError);
    let computed = false;
    expect(() =>
      cachify.cached({ key: 'v', ttl: 1e20 }, async () => {
        computed = true;
      }),
    ).toThrow(/cached\(\): `ttl` must be at most 9007199254740991 ms/);
    expect(computed).toBe(false);
  });
});

describe('redisBackend() options', () => {
  it('an unknown option names the nearest valid one', () => {
    expect(() => redisBackend(raw.client, { commandTimout: 500 } as never)).toThrow(
      'Unknown option `commandTimout` for redisBackend(); did you mean `commandTimeout`?',
    );
    expect(() => redisBackend(raw.client, { autoextend: true } as never)).toThrow(
      /did you mean `autoExtend`\?/,
    );
  });

  it('autoExtend must be a boolean', () => {
    expect(() => redisBackend(raw.client, { autoExtend: 'yes' } as never)).toThrow(
      /`autoExtend` must be a boolean/,
    );
  });
});
