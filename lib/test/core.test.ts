/**
 * What does not depend on the backend: setup, the global instance, option checks, key templates,
 * and how the library behaves inside a whole Node process.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { RecordingLogger, sleep } from '../../tests/support/common.js';
import {
  Cachify,
  CachifyError,
  CachifyInitError,
  CachifyLockError,
  cached,
  getCachify,
  initCachify,
  lock,
  locked,
  memoryBackend,
  once,
} from '../src/index.js';

const run = promisify(execFile);

describe('initCachify and the global instance', () => {
  it('before initCachify(), using a top-level lock throws CachifyInitError with the seed text', async () => {
    vi.resetModules();
    const fresh = await import('../src/index.js');
    const early = fresh.lock({ key: 'early' });
    expect(() => early.acquireSync()).toThrow(fresh.CachifyInitError);
    expect(() => early.acquireSync()).toThrow(
      'Cachify is not initialized, did you forget to call `initCachify()`?',
    );
    await expect(early.acquire()).rejects.toBeInstanceOf(fresh.CachifyInitError);
    expect(() => fresh.getCachify()).toThrow(fresh.CachifyInitError);
    const wrapped = fresh.locked({ key: 'w' }, async () => 1);
    await expect(wrapped()).rejects.toBeInstanceOf(fresh.CachifyInitError);
    // A lock created before initCachify() works once it is called.
    fresh.initCachify({ logger: false });
    const held = early.acquireSync();
    expect(held.held).toBe(true);
    held.releaseSync();
  });

  it('initCachify() with no arguments uses an in-memory backend, prefix cachify: and 30 s locks', () => {
    const cachify = initCachify();
    expect(getCachify()).toBe(cachify);
    expect(cachify.backend.name).toBe('memory');
    expect(cachify.prefix).toBe('cachify:');
    expect(cachify.defaultLockExpiration).toBe(30_000);
    expect(cachify.defaultCacheTtl).toBeNull();
    expect(cachify.logger).toBe(console);
    const before = Date.now();
    const held = lock({ key: 'k' }).acquireSync();
    expect((held.expiresAt ?? 0) - before).toBeGreaterThanOrEqual(30_000);
    expect((held.expiresAt ?? 0) - Date.now()).toBeLessThanOrEqual(30_000);
    // Storage keys: prefix + namespace + key.
    expect(cachify.backend.isLockedSync?.('cachify:lock:k')).toBe(true);
    held.releaseSync();
  });

  it('the top-level functions follow the global instance at call time', () => {
    const first = initCachify({ logger: false });
    const l = lock({ key: 'follow' });
    const held = l.acquireSync();
    const second = initCachify({ logger: false });
    expect(getCachify()).toBe(second);
    // The new global instance has its own backend: the old holder does not block it.
    const again = l.acquireSync();
    expect(first.backend.isLockedSync?.('cachify:lock:follow')).toBe(true);
    held.releaseSync();
    again.releaseSync();
  });

  it('isGlobal: false leaves the global instance alone, and its wrappers use its own backend and prefix', async () => {
    const global = initCachify({ logger: false });
    const backend = memoryBackend();
    const separate = initCachify({ backend, prefix: 'reports:', isGlobal: false, logger: false });
    expect(getCachify()).toBe(global);
    const job = separate.locked({ key: 'job-{0}' }, (n: number) => n);
    const fresh = separate.cached({ key: 'value' }, () => 42);
    const task = separate.once({ key: 'task' }, () => 'ran');
    expect(job(1)).toBe(1);
    expect(fresh()).toBe(42);
    expect(task()).toBe('ran');
    expect(backend.getValueSync('reports:cached:value')).toBe(42);
    expect(global.backend.getValueSync?.('cachify:cached:value')).toBeUndefined();
  });

  it('the top-level locked, once and cached wrap functions on the global instance', async () => {
    initCachify({ logger: false });
    const add = locked({ key: 'add-{0}-{1}' }, (a: number, b: number) => a + b);
    const task = once({ key: 'only' }, async () => 'ran');
    let calls = 0;
    const square = cached({ key: 'sq-{0}' }, (n: number) => {
      calls += 1;
      return n * n;
    });
    expect(add(2, 3)).toBe(5);
    expect(await task()).toBe('ran');
    expect(square(4) + square(4)).toBe(32);
    expect(calls).toBe(1);
  });
});

describe('bad input fails at creation, naming the option', () => {
  const cachify = new Cachify({ isGlobal: false, logger: false });

  it.each([
    [{ key: '' }, TypeError, /lock\(\): `key` must be a non-empty string, got ""/],
    [{ key: 42 }, TypeError, /`key` must be a non-empty string, got 42/],
    [{}, TypeError, /`key` must be a non-empty string, got undefined/],
    [
      { key: 'k', timeout: -1 },
      RangeError,
      /`timeout` must be a finite number of milliseconds >= 0/,
    ],
    [{ key: 'k', timeout: Number.NaN }, RangeError, /`timeout`.*got NaN/],
    [{ key: 'k', timeout: Number.POSITIVE_INFINITY }, RangeError, /`timeout`.*got Infinity/],
    [{ key: 'k', timeout: '5' }, TypeError, /`timeout` must be a number/],
    [{ key: 'k', exp: 0 }, RangeError, /`exp` must be a finite number of milliseconds > 0/],
    [{ key: 'k', exp: -5 }, RangeError, /`exp`.*got -5/],
    [{ key: 'k', exp: Number.NaN }, RangeError, /`exp`.*got NaN/],
    [{ key: 'k', nowait: 'yes' }, TypeError, /`nowait` must be a boolean/],
    [{ key: 'k', signal: {} }, TypeError, /`signal` must be an AbortSignal/],
    [{ key: 'k', autoExtend: 1 }, TypeError, /`autoExtend` must be a boolean/],
  ])('lock(%o) throws', (options, type, message) => {
    expect(() => cachify.lock(options as never)).toThrow(type);
    expect(() => cachify.lock(options as never)).toThrow(message);
  });

  it('lock() without an options object', () => {
    expect(() => cachify.lock(undefined as never)).toThrow(/expected an options object/);
    expect(() => lock('k' as never)).toThrow(TypeError);
  });

  it.each([
    [{ backend: {} }, TypeError, /`backend` must be a cachify backend.*missing acquireLock/],
    [{ prefix: 5 }, TypeError, /`prefix` must be a string/],
    [{ defaultLockExpiration: 0 }, RangeError, /`defaultLockExpiration`/],
    [{ defaultCacheTtl: -1 }, RangeError, /`defaultCacheTtl`/],
    [{ lockPollInterval: 0 }, TypeError, /`lockPollInterval` was removed: cachify never polls/],
    [{ logger: 'console' }, TypeError, /`logger` must be an object with a warn/],
    [{ isGlobal: 'no' }, TypeError, /`isGlobal` must be a boolean/],
  ])('initCachify(%o) throws', (options, type, message) => {
    expect(() => initCachify(options as never)).toThrow(type);
    expect(() => initCachify(options as never)).toThrow(message);
  });

  it('extend() checks its argument', () => {
    const held = cachify.lock({ key: 'x' }).acquireSync();
    expect(() => held.extendSync(0)).toThrow(/extend\(\): `ms` must be a finite number/);
    held.releaseSync();
  });

  it.each([
    [
      'order-{2}',
      RangeError,
      /key template "order-\{2\}" uses \{2\} but the function declares 2 parameters/,
    ],
    ['order-{a}', TypeError, /malformed placeholder at position 6/],
    ['order-{0', TypeError, /malformed placeholder/],
    ['order-}', TypeError, /unmatched \}/],
    ['', TypeError, /`key` must be a non-empty string template or a function/],
  ])(
    'a template %s that cannot be filled throws when the wrapper is created',
    (key, type, message) => {
      const fn = (a: number, b: number) => a + b;
      const wrappers = [cachify.locked, cachify.once, cachify.cached] as Array<
        (options: unknown, fn: unknown) => unknown
      >;
      for (const wrap of wrappers) {
        expect(() => wrap.call(cachify, { key }, fn)).toThrow(type);
        expect(() => wrap.call(cachify, { key }, fn)).toThrow(message);
      }
    },
  );

  it('wrapper options are checked too', () => {
    const fn = () => 1;
    expect(() => cachify.locked({ key: 'k', timeout: -1 }, fn)).toThrow(/locked\(\): `timeout`/);
    expect(() => cachify.once({ key: 'k', exp: 0 }, fn)).toThrow(/once\(\): `exp`/);
    expect(() => cachify.once({ key: 'k', raiseOnLocked: 'y' as never }, fn)).toThrow(
      /`raiseOnLocked` must be a boolean/,
    );
    expect(() => cachify.cached({ key: 'k', ttl: 0 }, fn)).toThrow(/cached\(\): `ttl`/);
    expect(() => cachify.cached({ key: 'k', encode: 'json' as never }, fn)).toThrow(
      /`encode` must be a function/,
    );
    expect(() => cachify.locked({ key: 'k' }, 'fn' as never)).toThrow(/function to wrap/);
  });
});

describe('key templates', () => {
  const cachify = new Cachify({ isGlobal: false, logger: false });
  const keyOf = cachify.locked({ key: 'k' }, () => 1);

  it('fills positions and property paths; {{ and }} are literal braces', () => {
    const work = cachify.locked(
      { key: '{{{0}}}-{1.user.id}-{1.user.name}' },
      (_a: string, _b: { user: { id: number; name: string } }) =>
        cachify.lock({ key: '{x}-7-ada' }).isLockedSync(),
    );
    expect(work('x', { user: { id: 7, name: 'ada' } })).toBe(true);
    expect(keyOf()).toBe(1);
  });

  it('an argument that cannot fill its placeholder throws a TypeError naming the template', () => {
    const work = cachify.locked({ key: 'u-{0.user.id}' }, (_o: unknown) => 1);
    expect(() => work({})).toThrow(
      'locked(): key template "u-{0.user.id}" cannot be filled: {0.user} is undefined, so {0.user.id} cannot be read',
    );
    expect(() => work(null)).toThrow(/\{0\} is null/);
  });

  it('a plain object cannot fill a placeholder: every call would share one key', () => {
    const work = cachify.locked({ key: 'u-{0}' }, (_o: unknown) => 1);
    expect(() => work({ id: 1 })).toThrow(
      /\{0\} \(argument 0\) is an object\. .*use a property path like \{0\.id\} or a key function/,
    );
    expect(work(5)).toBe(1);
    expect(work(new Date(0))).toBe(1);
  });

  it('a key function must return a non-empty string', () => {
    const work = cachify.locked({ key: (n: number) => (n > 0 ? `n${n}` : '') }, (_n: number) => 1);
    expect(work(1)).toBe(1);
    expect(() => work(0)).toThrow(/the `key` function must return a non-empty string, got ""/);
  });
});

describe('py-cachify tutorials, in TypeScript', () => {
  it('"Lock methods": poll isLocked until the lock frees, then release and acquire again', async () => {
    const logger = new RecordingLogger();
    const cachify = new Cachify({ isGlobal: false, logger });
    const lines: string[] = [];
    const l = cachify.lock({ key: 'methods', exp: 150 });
    await l.acquire();
    while (await l.isLocked()) {
      lines.push('Lock is still active! Waiting...');
      await sleep(50);
    }
    lines.push('Lock is free');
    const second = await l.acquire();
    expect(await l.release()).toBe(true);
    expect(second.signal.aborted).toBe(true);
    const third = await l.acquire();
    lines.push('Acquire the same lock again');
    await third.release();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-2)).toBe('Lock is free');
    expect(logger.warnings).toEqual([]);
  });

  it('"Lock as a decorator": concurrent calls with one argument fail, different arguments run', async () => {
    const logger = new RecordingLogger();
    const cachify = new Cachify({ isGlobal: false, logger });
    const bake = cachify.locked({ key: 'bake-{0}' }, async (cake: string) => {
      await sleep(30);
      return `${cake} baked`;
    });
    const results = await Promise.allSettled([bake('lemon'), bake('lemon'), bake('apple')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      'lemon baked',
      'CachifyLockError: bake-lemon is already locked!',
      'apple baked',
    ]);
    expect(logger.warnings).toEqual(['bake-lemon is already locked!']);
  });
});

describe('in a whole Node process', () => {
  const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const tsx = ['--import', 'tsx'];

  it('held locks, read signals, auto-extension and cached values do not keep the process alive', async () => {
    const { stdout } = await run(process.execPath, [...tsx, fixture('exits.ts')], {
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('done');
  });

  it('a waiting program runs to completion: the seed\'s "Lock parameters" tutorial', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [...tsx, fixture('lock-parameters.ts')],
      {
        timeout: 20_000,
      },
    );
    expect(stdout.trim().split('\n')).toEqual([
      'This code is locked for 2 seconds.',
      'This code is acquiring the same lock under the previous one.',
    ]);
    expect(stderr).toBe('');
  });

  it('locked, once, cached and pooled work as standard method decorators (compiled by esbuild)', async () => {
    const { stdout } = await run(process.execPath, [...tsx, fixture('decorators.ts')], {
      timeout: 20_000,
    });
    expect(stdout.trim().split('\n')).toEqual([
      'lemon baked in oven 2',
      'CachifyLockError: bake-lemon is already locked!',
      'apple baked in oven 2',
      'cleaned already cleaning',
      '5 5 computed 1',
      'oven 1 hot oven 1 busy oven 2 hot',
      'isLocked false',
      'locked() without a function is a decorator for class methods; to wrap a function, pass it as the second argument',
    ]);
  });

  it("a failed acquisition prints the warning, then the error (the seed page's break-it step, run as written against the built package)", async () => {
    const step = fileURLToPath(
      new URL(
        '../../tutorial-steps/locks-getting-started/02-lets-break-it/index.ts',
        import.meta.url,
      ),
    );
    const result = await run(process.execPath, [...tsx, step], {
      timeout: 20_000,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect(result.stdout).toBe('this code is locked and will be executed\n');
    expect(result.stderr).toContain('cool-async-lock is already locked!\n');
    expect(result.stderr).toContain('CachifyLockError: cool-async-lock is already locked!');
    expect((result as { code?: number }).code).toBe(1);
  });
});

describe('errors', () => {
  it('CachifyLockError and CachifyInitError extend CachifyError', () => {
    expect(new CachifyLockError('k')).toBeInstanceOf(CachifyError);
    expect(new CachifyInitError()).toBeInstanceOf(CachifyError);
    expect(new CachifyLockError('k').name).toBe('CachifyLockError');
  });
});

describe('templates py-cachify fills and cachify leaves to a key function', () => {
  const cachify = new Cachify({ isGlobal: false, logger: false });

  it('a placeholder for a defaulted or rest parameter is refused when the wrapper is created', () => {
    expect(() => cachify.locked({ key: 'page-{0}' }, (_page = 1) => 1)).toThrow(RangeError);
    expect(() => cachify.cached({ key: '{0}-{1}' }, (..._parts: string[]) => 1)).toThrow(
      /for defaulted or rest parameters use a key function/,
    );
    const paged = cachify.locked({ key: (page = 1) => `page-${page}` }, (_page = 1) => 1);
    expect(paged()).toBe(1);
  });
});
