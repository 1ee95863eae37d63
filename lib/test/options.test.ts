/**
 * Options are checked strictly: a misspelt name, an option that was removed, or a number no
 * backend can honour fails when the instance, lock or wrapper is created, naming what was wrong.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Cachify,
  CachifyLockError,
  type CachifyLogger,
  initCachify,
  memoryBackend,
} from '../src/index.js';
import { nearestName } from '../src/internal/check-options.js';

const fn = async (id: number) => id;

describe('unknown option names', () => {
  const cachify = new Cachify({ isGlobal: false, logger: false });

  it.each([
    ['lock()', () => cachify.lock({ key: 'k', expire: 1000 } as never), 'exp'],
    ['lock()', () => cachify.lock({ key: 'k', noWait: false } as never), 'nowait'],
    ['lock()', () => cachify.lock({ key: 'k', timout: 5 } as never), 'timeout'],
    [
      'locked()',
      () => cachify.locked({ key: 'k-{0}', autoextend: true } as never, fn),
      'autoExtend',
    ],
    [
      'once()',
      () => cachify.once({ key: 'k-{0}', raiseOnLock: true } as never, fn),
      'raiseOnLocked',
    ],
    [
      'once()',
      () => cachify.once({ key: 'k-{0}', returnOnLock: 0 } as never, fn),
      'returnOnLocked',
    ],
    ['cached()', () => cachify.cached({ key: 'k-{0}', ttL: 5 } as never, fn), 'ttl'],
    ['cached()', () => cachify.cached({ key: 'k-{0}', decoder: String } as never, fn), 'decode'],
    ['initCachify()', () => initCachify({ prefx: 'app:' } as never), 'prefix'],
    ['initCachify()', () => initCachify({ defaultLockExp: 5 } as never), 'defaultLockExpiration'],
    ['initCachify()', () => initCachify({ global: false } as never), 'isGlobal'],
  ])('%s names the unknown option and the nearest valid one', (where, create, nearest) => {
    let error: unknown;
    try {
      create();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Unknown option \`\\w+\` for ${where.replace(/[()]/g, '\\$&')}; did you mean \`${nearest}\`\\?$`,
      ),
    );
  });

  it('gives the exact message of the issue for lock({ expire })', () => {
    expect(() => cachify.lock({ key: 'k', expire: 1000 } as never)).toThrow(
      'Unknown option `expire` for lock(); did you mean `exp`?',
    );
  });

  it('lists the options when no name is near', () => {
    expect(() => cachify.cached({ key: 'k-{0}', colour: 'red' } as never, fn)).toThrow(
      'Unknown option `colour` for cached(); the options are `key`, `ttl`, `encode`, `decode`',
    );
  });

  it('a misspelt option is refused even when its value is undefined', () => {
    expect(() => cachify.lock({ key: 'k', expire: undefined } as never)).toThrow(TypeError);
  });

  it('the decorator forms check their options too', () => {
    expect(() => cachify.locked({ key: 'k', exp: 5, expire: 1 } as never)).toThrow(
      /Unknown option `expire` for locked\(\)/,
    );
  });

  it('nearestName picks the closest name, ignoring case', () => {
    expect(nearestName('Exp', ['key', 'exp'])).toBe('exp');
    expect(nearestName('timeOut', ['timeout', 'nowait'])).toBe('timeout');
    expect(nearestName('zzzzzz', ['key', 'exp'])).toBeUndefined();
  });
});

describe('lockPollInterval and logger.debug are gone', () => {
  it('lockPollInterval throws a TypeError that says it was removed and why', () => {
    expect(() => initCachify({ lockPollInterval: 50 } as never)).toThrow(TypeError);
    expect(() => initCachify({ lockPollInterval: 50 } as never)).toThrow(
      'initCachify(): `lockPollInterval` was removed: cachify never polls, a release wakes the next waiter (in memory and on Redis); remove the option',
    );
  });

  it('the instance has no lockPollInterval', () => {
    expect('lockPollInterval' in new Cachify({ isGlobal: false })).toBe(false);
  });

  it('a logger is { warn }: an object with warn alone is enough, one without warn is refused', async () => {
    const warnings: string[] = [];
    const logger: CachifyLogger = { warn: (message) => warnings.push(message) };
    const cachify = new Cachify({ isGlobal: false, logger });
    await cachify.lock({ key: 'busy' }).acquire();
    await expect(cachify.lock({ key: 'busy' }).acquire()).rejects.toThrow(CachifyLockError);
    expect(warnings).toEqual(['busy is already locked!']);
    expect(() => new Cachify({ isGlobal: false, logger: { debug() {} } as never })).toThrow(
      /`logger` must be an object with a warn\(message\) method/,
    );
  });
});

describe('upper bounds of lifetimes', () => {
  const cachify = new Cachify({ isGlobal: false, logger: false });
  const limit = /must be at most 9007199254740991 ms \(Number\.MAX_SAFE_INTEGER/;

  it.each([
    ['lock() exp', () => cachify.lock({ key: 'k', exp: 1e20 }), /lock\(\): `exp`/],
    ['locked() exp', () => cachify.locked({ key: 'k-{0}', exp: 1e20 }, fn), /locked\(\): `exp`/],
    ['once() exp', () => cachify.once({ key: 'k-{0}', exp: 1e20 }, fn), /once\(\): `exp`/],
    ['cached() ttl', () => cachify.cached({ key: 'k-{0}', ttl: 1e20 }, fn), /cached\(\): `ttl`/],
    [
      'initCachify() defaultLockExpiration',
      () => initCachify({ defaultLockExpiration: 2 ** 53 }),
      /`defaultLockExpiration`/,
    ],
    [
      'initCachify() defaultCacheTtl',
      () => initCachify({ defaultCacheTtl: 2 ** 53 }),
      /`defaultCacheTtl`/,
    ],
  ])('%s past Number.MAX_SAFE_INTEGER is a RangeError at creation', (_name, create, option) => {
    expect(create).toThrow(RangeError);
    expect(create).toThrow(option);
    expect(create).toThrow(limit);
  });

  it('extend(ms) past the limit is a RangeError, and the lock is still held', async () => {
    const held = await cachify.lock({ key: 'extend-limit' }).acquire();
    await expect(held.extend(1e20)).rejects.toThrow(RangeError);
    await expect(held.extend(1e20)).rejects.toThrow(/extend\(\): `ms` must be at most/);
    expect(() => held.extendSync(1e20)).toThrow(limit);
    expect(held.held).toBe(true);
    expect(await held.release()).toBe(true);
  });

  it('the limit itself works', async () => {
    const backend = memoryBackend();
    const instance = new Cachify({ backend, isGlobal: false, logger: false });
    const before = Date.now();
    const held = await instance.lock({ key: 'long', exp: Number.MAX_SAFE_INTEGER }).acquire();
    expect(held.expiresAt).toBeGreaterThanOrEqual(before + Number.MAX_SAFE_INTEGER);
    expect(await held.extend(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(await held.release()).toBe(true);
    const value = instance.cached({ key: 'v', ttl: Number.MAX_SAFE_INTEGER }, () => 'kept');
    expect(value()).toBe('kept');
    expect(backend.getValueSync('cachify:cached:v')).toBe('kept');
  });
});

describe('a timeout longer than setTimeout allows', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits its whole length, past 2^31 - 1 ms (24.8 days), then gives up', async () => {
    vi.useFakeTimers();
    const cachify = new Cachify({ isGlobal: false, logger: false });
    await cachify.lock({ key: 'long-wait', exp: null }).acquire();
    const maxTimer = 2 ** 31 - 1;
    let outcome: string | undefined;
    cachify
      .lock({ key: 'long-wait', nowait: false, timeout: maxTimer + 60_000 })
      .acquire()
      .then(
        () => {
          outcome = 'acquired';
        },
        (error: unknown) => {
          outcome = error instanceof CachifyLockError ? 'timed out' : String(error);
        },
      );
    await vi.advanceTimersByTimeAsync(maxTimer + 1);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcome).toBe('timed out');
  });
});
