/**
 * What every part of the lock suite is given: the backend's name, a fresh instance per test, a
 * wait for waiters to join a lock's queue, and whether the suite runs on vitest's fake timers.
 *
 * @module
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { waitFor } from '../../../../tests/support/common.js';
import type { Cachify, LockBackend } from '../../../src/index.js';
import { storageKey } from '../../../src/storage-keys.js';
import {
  type SetupTestInstance,
  type SuiteBackendOptions,
  suiteBackend,
  testInstance,
} from '../suite-setup.js';

/** Options of `describeLockSuite`. */
export interface LockSuiteOptions extends SuiteBackendOptions {
  /** The backend has the `*Sync` operations: also run the sync forms of each behaviour. */
  sync?: boolean;
  /**
   * Runs each async test on vitest's fake timers (`Date` and timers), which jump to the next timer
   * whenever the test waits: no test waits on real time. Only for a backend whose clock is this
   * process's `Date.now()`, read at each call (`memoryBackend({ now: () => Date.now() })`).
   * The sync forms stay on real time: a blocked thread cannot move a fake clock.
   */
  fakeTimers?: boolean;
  /**
   * Test-only: how many waiters the queue of the lock stored under `storageKey` holds, so that a
   * test waits for its waiters to join the queue rather than sleeping. Default: the acquisitions
   * the backend has not answered yet, which is the queue of a backend that queues a waiter before
   * `acquireLock` returns (the memory backend).
   */
  queueLength?: (backend: LockBackend, storageKey: string) => number | Promise<number>;
}

/** What each part of the lock suite is given. */
export interface LockSuiteContext {
  /** The backend's name, as the suite's titles show it. */
  readonly name: string;
  /** The suite runs on vitest's fake timers (see {@link LockSuiteOptions.fakeTimers}). */
  readonly fakeTimers: boolean;
  /** A separate instance on the suite's backend, with its own prefix and a recording logger. */
  readonly setup: SetupTestInstance;
  /** Waits until `count` waiters are in the queue of the lock `key` of `cachify`. */
  readonly queued: (cachify: Cachify, key: string, count: number) => Promise<void>;
}

/**
 * Registers, in the calling `describe`, the hooks of the lock suite (its backend, and fake timers
 * when asked for), and returns the context its parts share.
 */
export function lockSuiteContext(
  name: string,
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: LockSuiteOptions,
): LockSuiteContext {
  const created = suiteBackend(makeBackend, options);
  let counted: CountedAcquisitions | undefined;
  /** The suite's backend behind the counting proxy: one proxy for the whole suite. */
  const counting = () => {
    counted ??= countingAcquisitions(created());
    return counted;
  };
  if (options.fakeTimers) {
    beforeEach(() => {
      vi.useFakeTimers({
        toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
      });
      vi.setTimerTickMode('nextTimerAsync');
    });
    afterEach(() => {
      vi.useRealTimers();
    });
  }

  async function queued(cachify: Cachify, key: string, count: number): Promise<void> {
    const stored = storageKey(cachify.prefix, 'lock', key);
    const length = () =>
      options.queueLength !== undefined
        ? options.queueLength(created(), stored)
        : counting().pending(stored);
    await waitFor(async () => (await length()) === count, 5000, `${count} waiters in the queue`);
  }

  return {
    name,
    fakeTimers: options.fakeTimers === true,
    setup: (extra) => testInstance(name, counting().backend, extra),
    queued,
  };
}

/** A backend behind a proxy, and how many of its acquisitions are unanswered per storage key. */
interface CountedAcquisitions {
  backend: LockBackend;
  pending: (storageKey: string) => number;
}

/** The backend, seen through a proxy that counts its unanswered acquisitions per storage key. */
function countingAcquisitions(backend: LockBackend): CountedAcquisitions {
  const pending = new Map<string, number>();
  const count = (key: string, change: number) => pending.set(key, (pending.get(key) ?? 0) + change);
  const acquireLock: LockBackend['acquireLock'] = (request) => {
    count(request.key, 1);
    const answer = backend.acquireLock(request);
    const answered = () => count(request.key, -1);
    answer.then(answered, answered);
    return answer;
  };
  const proxy = new Proxy(backend, {
    get(target, property) {
      if (property === 'acquireLock') return acquireLock;
      const value = Reflect.get(target, property);
      // Methods run on the backend itself, whose private fields the proxy does not have.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { backend: proxy, pending: (storageKey) => pending.get(storageKey) ?? 0 };
}
