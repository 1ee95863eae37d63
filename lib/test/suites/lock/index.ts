/**
 * The behaviour every backend must show, written once and run against each of them:
 * `describeLockSuite('memory', () => memoryBackend())`, and the same with a Redis backend.
 *
 * The suite assumes nothing about the backend's speed or timers: it runs on real time (or, for a
 * backend on this process's clock, on fake timers: `fakeTimers`), waits for conditions instead of
 * sleeping fixed amounts where it can, and gives every test its own key prefix so that backends on
 * a shared store do not see each other's keys.
 *
 * @module
 */
import { describe } from 'vitest';
import type { LockBackend } from '../../../src/index.js';
import { describeAcquireAndRelease } from './acquire-release.js';
import { describeCached } from './cached.js';
import { type LockSuiteOptions, lockSuiteContext } from './context.js';
import { describeExpiryAndExtend } from './expiry-and-extend.js';
import { describeOwnershipAndFencing } from './fencing.js';
import { describeLocked } from './locked.js';
import { describeOnce } from './once.js';
import { describeSyncForms } from './sync.js';
import { describeWaiting } from './waiting.js';

export type { LockSuiteOptions } from './context.js';

/** Registers the shared lock, handle, wrapper and cache tests for one backend. */
export function describeLockSuite(
  name: string,
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: LockSuiteOptions = {},
): void {
  describe(`${name} backend`, () => {
    const suite = lockSuiteContext(name, makeBackend, options);
    describeAcquireAndRelease(suite);
    describeWaiting(suite);
    describeOwnershipAndFencing(suite);
    describeExpiryAndExtend(suite);
    describeLocked(suite);
    describeOnce(suite);
    describeCached(suite);
    if (options.sync) describeSyncForms(suite);
  });
}
