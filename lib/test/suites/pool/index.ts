/**
 * The pool behaviour every pool backend must show, written once and run against each of them:
 * `describePoolSuite('memory', () => memoryBackend())`, and the same on Redis (both clients, and
 * a cluster). Like the lock suite, it waits for conditions rather than fixed times where it can,
 * and gives every test its own key prefix.
 *
 * @module
 */
import { describe } from 'vitest';
import { waitFor } from '../../../../tests/support/common.js';
import type { Cachify, LockBackend } from '../../../src/index.js';
import { storageKey } from '../../../src/storage-keys.js';
import {
  type SetupTestInstance,
  type SuiteBackendOptions,
  suiteBackend,
  testInstance,
} from '../suite-setup.js';
import { describeAcquireAndRelease } from './acquire-release.js';
import { describeExpiry } from './expiry.js';
import { describePooled } from './pooled.js';
import { describeSyncForms } from './sync.js';
import { describeWaiting } from './waiting.js';

/** Options of {@link describePoolSuite}. */
export interface PoolSuiteOptions extends SuiteBackendOptions {
  /** The backend has the `*Sync` operations: also run the sync forms. */
  sync?: boolean;
  /**
   * Test-only: how many waiters the queue of the pool stored under `storageKey` holds, so that a
   * test waits for its waiters to join the queue rather than sleeping. Without it, a waiter is
   * taken to be queued once `acquire()` returns, as on the memory backend.
   */
  queueLength?: (backend: LockBackend, storageKey: string) => number | Promise<number>;
}

/** Waits until `count` waiters are in the queue of the pool `key` of `cachify`. */
export type QueuedWaiters = (cachify: Cachify, key: string, count: number) => Promise<void>;

/** Registers the shared pool tests for one backend. */
export function describePoolSuite(
  name: string,
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: PoolSuiteOptions = {},
): void {
  describe(`${name} backend: pools`, () => {
    const backend = suiteBackend(makeBackend, options);
    const setup: SetupTestInstance = (extra) => testInstance(name, backend(), extra);
    const { queueLength } = options;
    const queued: QueuedWaiters = async (cachify, key, count) => {
      if (queueLength === undefined) return;
      const stored = storageKey(cachify.prefix, 'pool', key);
      await waitFor(
        async () => (await queueLength(backend(), stored)) === count,
        5000,
        `${count} waiters in the queue`,
      );
    };
    describeAcquireAndRelease(setup, queued);
    describeExpiry(setup);
    describeWaiting(setup, queued);
    describePooled(setup);
    if (options.sync) describeSyncForms(setup);
  });
}
