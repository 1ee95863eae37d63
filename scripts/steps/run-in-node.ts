/**
 * Runs a step in real Node.js against the built library and records what it printed.
 *
 * The run folder is the project the browser's WebContainer mounts (`projectFiles`), and each step
 * runs there with the same command (`nodeCommand`). It lies under `node_modules/.cache/`, so
 * `cachify` and `cachify/redis` resolve from the repository's `node_modules` through the
 * package's `exports`, as in a user's project, instead of from a copy of the library.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  nodeCommand,
  type OutputChunk,
  type ProjectFile,
  programFile,
  projectFiles,
  type RuntimeFiles,
  withoutStackFrames,
} from '../../src/runtime/index.ts';
import { ROOT, type Step } from '../../src/steps/discover.ts';
import { mergeChunks, type Recording } from '../../src/steps/recording.ts';
import { transpileStep } from '../../src/steps/transpile.ts';

/** Where transpiled steps run; inside the repository so module resolution works like a project's. */
export const RUN_DIR = join(ROOT, 'node_modules', '.cache', 'cachify-steps');
/** A step that runs longer than this (ms) is stopped and reported. */
export const STEP_TIME_LIMIT_MS = 30_000;
/** The Redis that steps with `"requires": ["redis"]` use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let prepared = false;

/** The runtime files every run preloads, as the site ships them to the WebContainer. */
function runtimeFiles(): RuntimeFiles {
  const read = (name: string) => readFileSync(join(ROOT, 'src', 'runtime', name), 'utf8');
  return {
    'report-uncaught.mjs': read('report-uncaught.mjs'),
    'format-uncaught.js': read('format-uncaught.js'),
  };
}

/** Writes one project file under the run folder. */
function writeProjectFile(file: ProjectFile): void {
  const path = join(RUN_DIR, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.contents);
}

/**
 * Prepares the run folder: the project without a library of its own. Once per process: steps run
 * two at a time, and rewriting `package.json` while the other step's Node reads it fails that
 * step (ERR_INVALID_PACKAGE_CONFIG, "Unexpected end of JSON input").
 */
function prepareRunDir(): void {
  if (prepared) return;
  prepared = true;
  for (const file of projectFiles([], runtimeFiles())) writeProjectFile(file);
}

/** Transpiles and runs one step in Node; resolves with its recording. */
export async function recordStep(step: Step): Promise<Recording> {
  prepareRunDir();
  writeProjectFile(programFile(step.id, await transpileStep(step.source, { runtime: 'node' })));

  // The WebContainer's command, run by this Node, with the capture preloaded as well.
  const { args } = nodeCommand(step.id);
  const child = spawn(
    process.execPath,
    ['--import', join(ROOT, 'scripts', 'steps', 'capture.mjs'), ...args],
    {
      cwd: RUN_DIR,
      // stderr is also read raw: what Node prints past the capture (a module that cannot be
      // resolved, a preload that fails) must fail the recording, not vanish from it.
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDIS_URL, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  const chunks: OutputChunk[] = [];
  let pending = '';
  const channel = child.stdio[3] as Readable | null;
  channel?.setEncoding('utf8');
  channel?.on('data', (data: string) => {
    pending += data;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      chunks.push(JSON.parse(pending.slice(0, newline)) as OutputChunk);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  let rawStderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (data: string) => {
    rawStderr += data;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIME_LIMIT_MS);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, sig) => resolve([code, sig]));
    },
  );
  clearTimeout(timer);
  if (signal !== null || exitCode === null) {
    throw new Error(
      `${step.id} did not finish: stopped by ${signal ?? 'unknown'} after at most ${STEP_TIME_LIMIT_MS} ms`,
    );
  }
  const capturedStderr = chunks
    .filter((chunk) => chunk.stream === 'stderr')
    .map((chunk) => chunk.text)
    .join('');
  if (rawStderr !== capturedStderr) {
    throw new Error(
      `${step.id}: Node printed outside the program's own output (exit code ${exitCode}):\n${rawStderr}`,
    );
  }
  return {
    step: step.id,
    runtime: 'node',
    chunks: mergeChunks(chunks).map((chunk) => ({
      stream: chunk.stream,
      text: withoutStackFrames(chunk.text),
    })),
    exitCode,
  };
}
