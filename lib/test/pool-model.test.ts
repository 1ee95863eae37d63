/**
 * Model-based property tests for pools: random sequences of acquire / release / extend / clock
 * advances run against the memory backend (on a clock the test drives) and against a model a few
 * lines long. Any difference, and above all more than `maxSize` live slots, fails the run, and
 * fast-check shrinks it to the shortest sequence that shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cachify, CachifyPoolFullError, memoryBackend, type SlotHandle } from '../src/index.js';
import { Advance, type DrivenInstance, drivenInstance } from './fixtures/model-clock.js';

/** Pools and their sizes. */
const POOLS = { a: 1, b: 3 } as const;
type PoolKey = keyof typeof POOLS;
const KEYS = Object.keys(POOLS) as PoolKey[];

interface ModelSlot {
  key: PoolKey;
  expiresAt: number | null;
  released: boolean;
}

interface Model {
  now: number;
  slots: ModelSlot[];
  lastFencing: Map<string, bigint>;
}

interface Real extends DrivenInstance {
  handles: SlotHandle[];
}

const isLive = (model: Model, slot: ModelSlot) =>
  !slot.released && (slot.expiresAt === null || slot.expiresAt > model.now);

const liveCount = (model: Model, key: PoolKey) =>
  model.slots.filter((slot) => slot.key === key && isLive(model, slot)).length;

class Acquire implements fc.Command<Model, Real> {
  constructor(
    readonly key: PoolKey,
    readonly exp: number | null,
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const maxSize = POOLS[this.key];
    const pool = real.cachify.pool({ key: this.key, maxSize, slotExp: this.exp });
    if (liveCount(model, this.key) >= maxSize) {
      expect(() => pool.acquireSync()).toThrow(CachifyPoolFullError);
      return;
    }
    const slot = pool.acquireSync();
    const last = model.lastFencing.get(this.key);
    if (last !== undefined) expect(slot.fencingToken).toBeGreaterThan(last);
    model.lastFencing.set(this.key, slot.fencingToken);
    model.slots.push({
      key: this.key,
      expiresAt: this.exp === null ? null : model.now + this.exp,
      released: false,
    });
    real.handles.push(slot);
  }
  toString = () => `acquire(${this.key}, slotExp ${this.exp})`;
}

class Release implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.slots.length > 0;
  run(model: Model, real: Real): void {
    const index = this.pick % model.slots.length;
    const slot = model.slots[index];
    expect(real.handles[index].releaseSync()).toBe(isLive(model, slot));
    slot.released = true;
  }
  toString = () => `release(#${this.pick})`;
}

class Extend implements fc.Command<Model, Real> {
  constructor(
    readonly pick: number,
    readonly exp: number | null,
  ) {}
  check = (model: Readonly<Model>) => model.slots.length > 0;
  run(model: Model, real: Real): void {
    const index = this.pick % model.slots.length;
    const slot = model.slots[index];
    const live = isLive(model, slot);
    expect(real.handles[index].extendSync(this.exp)).toBe(live);
    if (live) slot.expiresAt = this.exp === null ? null : model.now + this.exp;
  }
  toString = () => `extend(#${this.pick}, ${this.exp})`;
}

/** Every pool's size is the model's count of live slots, never above `maxSize`. */
class Observe implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    for (const key of KEYS) {
      const size = real.cachify.pool({ key, maxSize: POOLS[key] }).sizeSync();
      expect(size).toBe(liveCount(model, key));
      expect(size).toBeLessThanOrEqual(POOLS[key]);
    }
  }
  toString = () => 'observe';
}

const key = fc.constantFrom(...KEYS);
const exp = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(null));
const commands = [
  fc.tuple(key, exp).map(([k, e]) => new Acquire(k, e)),
  fc.nat().map((n) => new Release(n)),
  fc.tuple(fc.nat(), exp).map(([n, e]) => new Extend(n, e)),
  fc.integer({ min: 0, max: 120 }).map((ms) => new Advance<Model, Real>(ms)),
  fc.constant(new Observe()),
];

describe('model-based: memory pools against a model', () => {
  it('random acquire / release / expire / extend sequences never give a pool more than maxSize live slots', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80 }), (cmds) => {
        const { clock, cachify } = drivenInstance();
        const model: Model = { now: clock.now, slots: [], lastFencing: new Map() };
        fc.modelRun(() => ({ model, real: { clock, cachify, handles: [] } }), cmds);
      }),
      { numRuns: 300 },
    );
  });

  it('concurrent async workers with random pauses are never more than maxSize inside, and are served in arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 12 }),
        async (s, maxSize, pauses) => {
          const cachify = new Cachify({ backend: memoryBackend(), isGlobal: false, logger: false });
          let inside = 0;
          let most = 0;
          const served: number[] = [];
          const workers = pauses.map(async (pause, n) => {
            const slot = await cachify
              .pool({ key: 'workers', maxSize, nowait: false, slotExp: null })
              .acquire();
            served.push(n);
            inside += 1;
            most = Math.max(most, inside);
            for (let i = 0; i < pause; i++) await s.schedule(Promise.resolve(n));
            inside -= 1;
            await slot.release();
          });
          await s.waitFor(Promise.all(workers));
          expect(most).toBeLessThanOrEqual(maxSize);
          expect(served).toEqual(pauses.map((_, n) => n));
        },
      ),
      { numRuns: 200 },
    );
  });
});
