/**
 * The page's runtimes: a run never waits for the WebContainer. Until it is up, runs go to the
 * Worker and say the WebContainer is starting; once it is up, later runs go to it; it is given up
 * only when it cannot boot or its boot fails. The WebContainer here is the labelled stand-in
 * (tests/support/local-webcontainer.ts, real `node` processes); the Worker is a recording fake.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyRuntimeFiles } from '../../scripts/site/runtime-files.mjs';
import type { OutputChunk } from '../../src/runtime/output.ts';
import { projectFiles } from '../../src/runtime/project-files.ts';
import type { Program, Runner } from '../../src/runtime/runner.ts';
import { startPageRuntime, type WebContainerStatus } from '../../src/runtime/select-runtime.ts';
import { bootWebContainerRunner } from '../../src/runtime/webcontainer-runner.ts';
import { ROOT } from '../../src/steps/discover.ts';
import { localWebContainerApi } from '../support/local-webcontainer.ts';

const isolated = { crossOriginIsolated: true, sharedArrayBuffer: true };
const fakeWorker = (): Runner => ({
  kind: 'worker',
  run: () => Promise.reject(new Error('not used')),
});

/** A promise with its resolve and reject, for a boot that finishes when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The stand-in WebContainer booted with the library the site serves. */
function bootStandIn(): Promise<Runner> {
  copyRuntimeFiles(ROOT);
  const base = join(ROOT, 'public', 'runtime', 'cachify');
  const paths = JSON.parse(readFileSync(join(base, 'files.json'), 'utf8')) as string[];
  const library = paths.map((path) => ({
    path,
    contents: readFileSync(join(base, path), 'utf8'),
  }));
  const runtime = {
    'report-uncaught.mjs': readFileSync(join(ROOT, 'src/runtime/report-uncaught.mjs'), 'utf8'),
    'format-uncaught.js': readFileSync(join(ROOT, 'src/runtime/format-uncaught.js'), 'utf8'),
  };
  return bootWebContainerRunner({
    api: localWebContainerApi().api,
    files: projectFiles(library, runtime),
  });
}

describe('the page runtimes', () => {
  it('runs in the Worker at once while the WebContainer boots, then moves later runs to it', async () => {
    const boot = deferred<Runner>();
    const statuses: WebContainerStatus[] = [];
    const runtime = startPageRuntime({
      support: isolated,
      bootWebContainer: () => boot.promise,
      createFallback: fakeWorker,
      onStatus: (status) => statuses.push(status),
    });
    const first = runtime.choose();
    expect(first.runner.kind).toBe('worker');
    expect(first.webContainer).toEqual({ state: 'starting' });

    boot.resolve(await bootStandIn());
    await expect(runtime.settled).resolves.toEqual({ state: 'ready' });
    expect(statuses).toEqual([{ state: 'ready' }]);
    const later = runtime.choose();
    expect(later.runner.kind).toBe('webcontainer');
    const program: Program = {
      step: 'stand-in/01-hello',
      nodeCode: "console.log('hello from node', process.version.startsWith('v'));\n",
      workerCode: '',
    };
    const chunks: OutputChunk[] = [];
    const running = await later.runner.run(program, (chunk) => chunks.push(chunk));
    expect(await running.end).toEqual({ kind: 'exit', code: 0 });
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('hello from node true\n');
  });

  it('keeps using the Worker and says why when the boot fails', async () => {
    const runtime = startPageRuntime({
      support: isolated,
      bootWebContainer: () => Promise.reject(new Error('Unable to reach stackblitz.com')),
      createFallback: fakeWorker,
    });
    expect(runtime.choose().webContainer).toEqual({ state: 'starting' });
    await runtime.settled;
    const choice = runtime.choose();
    expect(choice.runner.kind).toBe('worker');
    expect(choice.webContainer).toEqual({
      state: 'unavailable',
      reason: 'its boot failed: Unable to reach stackblitz.com',
    });
  });

  it('does not try to boot where the page is not cross-origin isolated', async () => {
    const boot = vi.fn(async () => fakeWorker());
    const runtime = startPageRuntime({
      support: { crossOriginIsolated: false, sharedArrayBuffer: false },
      bootWebContainer: boot,
      createFallback: fakeWorker,
    });
    await runtime.settled;
    expect(boot).not.toHaveBeenCalled();
    expect(runtime.choose().webContainer).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/not cross-origin isolated/),
    });
  });

  it('does not try to boot where the browser has no SharedArrayBuffer', async () => {
    const runtime = startPageRuntime({
      support: { crossOriginIsolated: true, sharedArrayBuffer: false },
      bootWebContainer: async () => fakeWorker(),
      createFallback: fakeWorker,
    });
    expect(await runtime.settled).toMatchObject({ reason: expect.stringMatching(/SharedArray/) });
  });

  it('creates the Worker runner once, only when a run needs it', () => {
    const create = vi.fn(fakeWorker);
    const runtime = startPageRuntime({
      support: isolated,
      bootWebContainer: () => new Promise<Runner>(() => {}),
      createFallback: create,
    });
    expect(create).not.toHaveBeenCalled();
    runtime.choose();
    runtime.choose();
    expect(create).toHaveBeenCalledTimes(1);
  });
});
