/**
 * The WebContainer runner against the `@webcontainer/api` interface, with a labelled stand-in
 * (tests/support/local-webcontainer.ts): the project it mounts is written to disk and each step
 * runs there with real `node`, and must print its recording.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyRuntimeFiles } from '../../scripts/site/runtime-files.mjs';
import { comparableText, type OutputChunk } from '../../src/runtime/output.ts';
import {
  type ProjectFile,
  projectFiles,
  toFileSystemTree,
} from '../../src/runtime/project-files.ts';
import type { Runner } from '../../src/runtime/runner.ts';
import { transpile } from '../../src/runtime/transpile.ts';
import { bootWebContainerRunner } from '../../src/runtime/webcontainer-runner.ts';
import { discoverSteps, ROOT, readRecording } from '../../src/steps/discover.ts';
import { localWebContainerApi } from '../support/local-webcontainer.ts';

/**
 * The library exactly as the site serves it to the WebContainer (public/runtime/cachify), copied
 * to a folder of this test's own: a site build may be reading public/runtime meanwhile.
 */
function servedLibrary(): ProjectFile[] {
  const served = mkdtempSync(join(tmpdir(), 'cachify-served-'));
  copyRuntimeFiles(ROOT, served);
  const base = join(served, 'cachify');
  const paths = JSON.parse(readFileSync(join(base, 'files.json'), 'utf8')) as string[];
  const files = paths.map((path) => ({ path, contents: readFileSync(join(base, path), 'utf8') }));
  rmSync(served, { recursive: true, force: true });
  return files;
}

const runtimeFiles = {
  'report-uncaught.mjs': readFileSync(join(ROOT, 'src/runtime/report-uncaught.mjs'), 'utf8'),
  'format-uncaught.js': readFileSync(join(ROOT, 'src/runtime/format-uncaught.js'), 'utf8'),
};

describe('the WebContainer runner (stand-in WebContainer, real node)', () => {
  const standIn = localWebContainerApi();
  let files: ProjectFile[];
  let runner: Runner;

  beforeAll(async () => {
    files = projectFiles(servedLibrary(), runtimeFiles);
    runner = await bootWebContainerRunner({ api: standIn.api, files, apiKey: 'key-from-env' });
  });

  it('boots once with require-corp, passes the API key, and mounts the library and runtime files', () => {
    expect(standIn.calls.apiKeys).toEqual(['key-from-env']);
    expect(standIn.calls.boots).toEqual([{ coep: 'require-corp', workdirName: 'cachify' }]);
    const [container] = standIn.containers;
    expect(container?.mounted).toEqual([toFileSystemTree(files)]);
    const paths = files.map((file) => file.path);
    expect(paths).toContain('node_modules/cachify/package.json');
    expect(paths).toContain('node_modules/cachify/dist/index.js');
    expect(paths).toContain('.cachify/report-uncaught.mjs');
  });

  const steps = discoverSteps().filter((step) => step.meta.browser !== false);
  it.each(steps.map((step) => [step.id, step] as const))(
    'runs %s in the mounted project and prints its recording',
    async (_id, step) => {
      const recording = readRecording(step);
      expect(recording, `${step.id} has no recording.json`).toBeDefined();
      const nodeCode = await transpile(esbuild, step.source, { runtime: 'node' });
      const chunks: OutputChunk[] = [];
      const running = await runner.run({ step: step.id, nodeCode, workerCode: '' }, (chunk) =>
        chunks.push(chunk),
      );
      const end = await running.end;
      expect(end).toEqual({ kind: 'exit', code: recording?.exitCode });
      expect(comparableText(chunks)).toBe(comparableText(recording?.chunks ?? []));
    },
  );

  it('Stop kills a program stuck in `while (true) {}`', async () => {
    const running = await runner.run(
      {
        step: 'stand-in/01-endless',
        nodeCode: 'console.log("start");\nwhile (true) {}\n',
        workerCode: '',
      },
      () => {},
    );
    running.stop();
    await expect(running.end).resolves.toEqual({ kind: 'stopped', by: 'reader' });
    const child = standIn.containers[0]?.processes.at(-1);
    await new Promise((resolve) => child?.once('close', resolve) ?? resolve(undefined));
    expect(child?.signalCode).toBe('SIGKILL');
  });
});
