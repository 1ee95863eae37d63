/**
 * Reads a step at build time: its source, recording and `step.json`, and its code transpiled for
 * Node (WebContainer) and for the Worker fallback.
 *
 * @module
 */
import * as esbuild from 'esbuild';
import type { Recording } from '../../runtime/recording.ts';
import { parseStepMeta, type StepMeta } from '../../runtime/step-meta.ts';
import { transpile } from '../../runtime/transpile.ts';
import { browserModules } from './library.ts';

const sources = import.meta.glob<string>('/tutorial-steps/*/*/index.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const recordings = import.meta.glob<Recording>('/tutorial-steps/*/*/recording.json', {
  import: 'default',
  eager: true,
});
const metas = import.meta.glob<unknown>('/tutorial-steps/*/*/step.json', {
  import: 'default',
  eager: true,
});

/** Everything the page needs to show and run one step. */
export interface LoadedStep {
  readonly id: string;
  readonly source: string;
  readonly recording: Recording;
  readonly meta: StepMeta;
  /** Whether the step runs in the browser (`step.json` can say `"browser": false`). */
  readonly runsInBrowser: boolean;
  readonly nodeCode: string;
  readonly workerCode: string;
  /** Specifier to site path of the library's browser modules. */
  readonly modules: Record<string, string>;
}

/** Loads the step `<page>/<NN-name>`; throws a build error naming what is missing. */
export async function loadStep(id: string): Promise<LoadedStep> {
  const base = `/tutorial-steps/${id}`;
  const source = sources[`${base}/index.ts`];
  if (source === undefined) {
    const known = Object.keys(sources)
      .map((path) => path.slice('/tutorial-steps/'.length, -'/index.ts'.length))
      .join(', ');
    throw new Error(
      `<TutorialStep step="${id}" />: no tutorial-steps/${id}/index.ts. Known steps: ${known}`,
    );
  }
  const recording = recordings[`${base}/recording.json`];
  if (recording === undefined) {
    throw new Error(
      `<TutorialStep step="${id}" />: tutorial-steps/${id} has no recording.json. Run: npm run steps:record -- ${id}`,
    );
  }
  const rawMeta = metas[`${base}/step.json`];
  const meta =
    rawMeta === undefined ? {} : parseStepMeta(rawMeta, `tutorial-steps/${id}/step.json`);
  const modules = browserModules();
  const runsInBrowser = meta.browser !== false;
  const nodeCode = await transpile(esbuild, source, { runtime: 'node' });
  const workerCode = runsInBrowser
    ? await transpile(esbuild, source, { runtime: 'worker', modules })
    : '';
  return { id, source, recording, meta, runsInBrowser, nodeCode, workerCode, modules };
}

/** The recorded output as one text (ANSI colours the program printed are kept for shiki's `ansi`). */
export function recordedText(recording: Recording): string {
  return recording.chunks
    .map((chunk) => chunk.text)
    .join('')
    .replace(/\n$/, '');
}

/** 1-based line numbers of the recorded output that were written to stderr, to mark them. */
export function stderrLines(recording: Recording): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const chunk of recording.chunks) {
    const count = chunk.text.replace(/\n$/, '').split('\n').length;
    if (chunk.stream === 'stderr') for (let i = 0; i < count; i++) lines.push(line + i);
    line += chunk.text.split('\n').length - 1;
  }
  return lines;
}
