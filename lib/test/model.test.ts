/**
 * Model-based property tests: random sequences of acquire / release / expire / extend / force
 * release run against the memory backend (on a clock the test drives) and against a model a few
 * lines long. Any difference, and in particular a second owner of a held key, fails the run and
 * fast-check shrinks it to the shortest sequence that shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cachify, CachifyLockError, type LockHandle, memoryBackend } from '../src/index.js';
import { Advance, type DrivenInstance, drivenInstance } from './fixtures/model-clock.js';

const KEYS = ['a', 'b', 'c'] as const;

interface ModelLock {
  /** Index of the owning handle. */
  owner: number;
  expiresAt: number | null;
}

interface Model {
  now: number;
  locks: Map<string, ModelLock>;
  /** Handles by index: their key, and whether they were released. */
  handles: { key: string; released: boolean }[];
  lastFencing: Map<string, bigint>;
}

interface Real extends DrivenInstance {
  handles: LockHandle[];
}

/** The model's holder of `key` at its current time, if any. */
function liveHolder(model: Model, key: string): ModelLock | undefined {
  const held = model.locks.get(key);
  if (held === undefined) return undefined;
  if (held.expiresAt !== null && held.expiresAt <= model.now) {
    model.locks.delete(key);
    return undefined;
  }
  return held;
}

/** The handle a command picks, and whether the model says it still owns its lock. */
function pickHandle(model: Model, pick: number) {
  const index = pick % model.handles.length;
  const handle = model.handles[index];
  const holder = liveHolder(model, handle.key);
  return { index, handle, holder, owns: !handle.released && holder?.owner === index };
}

/** Each key is locked in reality exactly when the model says so. */
function checkAgreement(model: Model, real: Real): void {
  for (const key of KEYS) {
    expect(real.cachify.lock({ key }).isLockedSync()).toBe(liveHolder(model, key) !== undefined);
  }
}

class Acquire implements fc.Command<Model, Real> {
  constructor(
    readonly key: string,
    readonly exp: number | null,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const holder = liveHolder(model, this.key);
    const lock = real.cachify.lock({ key: this.key, exp: this.exp });
    if (holder !== undefined) {
      expect(() => lock.acquireSync()).toThrow(CachifyLockError);
    } else {
      const held = lock.acquireSync();
      const last = model.lastFencing.get(this.key);
      if (last !== undefined) expect(held.fencingToken).toBeGreaterThan(last);
      model.lastFencing.set(this.key, held.fencingToken);
      const index = model.handles.length;
      model.handles.push({ key: this.key, released: false });
      real.handles.push(held);
      model.locks.set(this.key, {
        owner: index,
        expiresAt: this.exp === null ? null : model.now + this.exp,
      });
    }
  }
  toString = () => `acquire(${this.key}, exp ${this.exp})`;
}

class Release implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.handles.length > 0;
  run(model: Model, real: Real): void {
    const { index, handle, owns } = pickHandle(model, this.pick);
    expect(real.handles[index].releaseSync()).toBe(owns);
    handle.released = true;
    if (owns) model.locks.delete(handle.key);
  }
  toString = () => `release(#${this.pick})`;
}

class Extend implements fc.Command<Model, Real> {
  constructor(
    readonly pick: number,
    readonly exp: number | null,
  ) {}
  check = (model: Readonly<Model>) => model.handles.length > 0;
  run(model: Model, real: Real): void {
    const { index, holder, owns } = pickHandle(model, this.pick);
    expect(real.handles[index].extendSync(this.exp)).toBe(owns);
    if (owns && holder !== undefined) {
      holder.expiresAt = this.exp === null ? null : model.now + this.exp;
    }
  }
  toString = () => `extend(#${this.pick}, ${this.exp})`;
}

class ForceRelease implements fc.Command<Model, Real> {
  constructor(readonly key: string) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const holder = liveHolder(model, this.key);
    expect(real.cachify.lock({ key: this.key }).releaseSync()).toBe(holder !== undefined);
    model.locks.delete(this.key);
  }
  toString = () => `forceRelease(${this.key})`;
}

/** Looks at every key (which also lets the backend notice expiries lazily). */
class Observe implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    checkAgreement(model, real);
  }
  toString = () => 'observe';
}

const key = fc.constantFrom(...KEYS);
const exp = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(null));
const commands = [
  fc.tuple(key, exp).map(([k, e]) => new Acquire(k, e)),
  fc.nat().map((n) => new Release(n)),
  fc.tuple(fc.nat(), exp).map(([n, e]) => new Extend(n, e)),
  key.map((k) => new ForceRelease(k)),
  fc.integer({ min: 0, max: 120 }).map((ms) => new Advance<Model, Real>(ms)),
  fc.constant(new Observe()),
];

describe('model-based: the memory backend against a model', () => {
  it('random acquire / release / expire / extend / force-release sequences never give a key two owners', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), (cmds) => {
        const { clock, cachify } = drivenInstance();
        const model: Model = {
          now: clock.now,
          locks: new Map(),
          handles: [],
          lastFencing: new Map(),
        };
        fc.modelRun(() => ({ model, real: { clock, cachify, handles: [] } }), cmds);
      }),
      { numRuns: 300 },
    );
  });

  it('concurrent async workers with random pauses are never inside one critical section together', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 12 }),
        async (s, pauses) => {
          const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
          let inside = 0;
          let most = 0;
          const tokens: bigint[] = [];
          const workers = pauses.map(async (pause, n) => {
            const held = await cachify
              .lock({ key: 'critical', nowait: false, exp: null })
              .acquire();
            inside += 1;
            most = Math.max(most, inside);
            tokens.push(held.fencingToken);
            for (let i = 0; i < pause; i++) await s.schedule(Promise.resolve(n));
            inside -= 1;
            await held.release();
          });
          await s.waitFor(Promise.all(workers));
          expect(most).toBe(1);
          expect(tokens).toEqual([...tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
