/**
 * What the lock suite and the pool suite both stand on: one backend per suite, created before its
 * tests and freed after them, and a fresh instance per test on that backend, with its own key
 * prefix (so that backends on a shared store do not see each other's keys) and a logger that
 * records its warnings.
 *
 * @module
 */
import { afterAll, beforeAll } from 'vitest';
import { RecordingLogger, uniquePrefix } from '../../../tests/support/common.js';
import { Cachify, type CachifyOptions, type LockBackend } from '../../src/index.js';

/** How a suite frees its backend. */
export interface SuiteBackendOptions {
  /** Frees the backend after the suite. Default: `backend.close()`. */
  closeBackend?: (backend: LockBackend) => Promise<void> | void;
}

/** The instance options a test may set: the suite gives the backend, prefix and logger. */
export type TestInstanceOptions = Omit<CachifyOptions, 'backend' | 'isGlobal'>;

/** A test's own instance, and the logger that records what it warns. */
export interface TestInstance {
  cachify: Cachify;
  logger: RecordingLogger;
}

/** Makes a test's own instance on the suite's backend; `extra` sets further options. */
export type SetupTestInstance = (extra?: TestInstanceOptions) => TestInstance;

/**
 * Registers, in the calling `describe`, hooks that create the backend before its tests and free
 * it after them. Returns the backend once created.
 */
export function suiteBackend(
  makeBackend: () => LockBackend | Promise<LockBackend>,
  options: SuiteBackendOptions,
): () => LockBackend {
  let backend: LockBackend | undefined;
  beforeAll(async () => {
    backend = await makeBackend();
  });
  afterAll(async () => {
    if (backend === undefined) return;
    if (options.closeBackend !== undefined) await options.closeBackend(backend);
    else await backend.close?.();
  });
  return () => {
    if (backend === undefined) throw new Error('the suite backend is made before the tests run');
    return backend;
  };
}

/** A separate instance on `backend`, with a key prefix of its own and a recording logger. */
export function testInstance(
  name: string,
  backend: LockBackend,
  extra: TestInstanceOptions = {},
): TestInstance {
  const logger = new RecordingLogger();
  const cachify = new Cachify({ backend, prefix: uniquePrefix(name), logger, ...extra });
  return { cachify, logger };
}
