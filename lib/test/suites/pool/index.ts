/**
 * The pool behaviour every pool backend must show, written once and run against each of them:
 * `describePoolSuite('memory', () => memoryBackend())`, and the same on Redis (both clients, and
 * a cluster). Like the lock suite, it waits for conditions rather than fixed times where it can,
 * and gives every test its own key prefix.
 *
 * @module
 */
import { describe } from 'vitest';
import type { LockBackend } from '../../../src/index.js';
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
}

/** Registers the shared pool tests for one backend. */
export function describePoolSuite(
  name: string,
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: PoolSuiteOptions = {},
): void {
  describe(`${name} backend: pools`, () => {
    const backend = suiteBackend(makeBackend, options);
    const setup: SetupTestInstance = (extra) => testInstance(name, backend(), extra);
    describeAcquireAndRelease(setup);
    describeExpiry(setup);
    describeWaiting(setup);
    describePooled(setup);
    if (options.sync) describeSyncForms(setup);
  });
}
