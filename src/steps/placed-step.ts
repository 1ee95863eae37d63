/**
 * A step as a page places it: its files from the `steps` collection, and its code transpiled for
 * Node (WebContainer) and for the Worker fallback.
 *
 * @module
 */

import { browserModules } from './library.ts';
import type { Recording } from './recording.ts';
import type { StepMeta } from './step-meta.ts';
import { transpileStep } from './transpile.ts';

/** A step's files, as the `steps` collection holds them (`src/steps/loader.ts`). */
export interface StepFiles {
  /** `index.ts`. */
  readonly source: string;
  /** `step.json`, or `{}` when absent. */
  readonly meta: StepMeta;
  /** `recording.json`, absent until the step is recorded. */
  readonly recording?: Recording | undefined;
}

/** Everything the page needs to show and run one step. */
export interface PlacedStep {
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

/** Prepares the step `id` for a page; throws a build error when it was never recorded. */
export async function placeStep(id: string, files: StepFiles): Promise<PlacedStep> {
  const { source, meta, recording } = files;
  if (recording === undefined) {
    throw new Error(
      `<TutorialStep step="${id}" />: tutorial-steps/${id} has no recording.json. Run: npm run steps:record -- ${id}`,
    );
  }
  const modules = browserModules();
  const runsInBrowser = meta.browser !== false;
  const nodeCode = await transpileStep(source, { runtime: 'node' });
  const workerCode = runsInBrowser
    ? await transpileStep(source, { runtime: 'worker', modules })
    : '';
  return { id, source, recording, meta, runsInBrowser, nodeCode, workerCode, modules };
}
