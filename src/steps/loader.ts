/**
 * The `steps` content collection's loader: one entry per step folder of `tutorial-steps/`, id
 * `<page>/<NN-name>`, holding its program, `step.json` and `recording.json`. Each JSON file is
 * checked by its schema, so a malformed step fails the build with a message naming the file and
 * field, whether or not a page places it. In `astro dev`, a change to a step reloads the steps.
 *
 * @module
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { z } from 'astro/zod';
import { discoverSteps, readRecording, type Step } from './discover.ts';
import type { StepFiles } from './placed-step.ts';
import { recordingSchema } from './recording.ts';
import { stepMetaSchema } from './step-meta.ts';

/** The schema of an entry of the `steps` collection. */
export const stepFilesSchema: z.ZodType<StepFiles, z.ZodTypeDef, unknown> = z.object({
  source: z.string(),
  meta: stepMetaSchema,
  recording: recordingSchema.optional(),
});

/** Loads every step of `tutorial-steps/` into the collection. */
export function stepsLoader(): Loader {
  return {
    name: 'cachify-steps',
    schema: stepFilesSchema,
    async load(context) {
      const stepsDir = fileURLToPath(new URL('tutorial-steps/', context.config.root));
      await syncSteps(context, stepsDir);
      const { watcher, logger } = context;
      if (!watcher) return;
      watcher.add(stepsDir);
      const onChange = async (path: string) => {
        if (!path.startsWith(stepsDir)) return;
        try {
          await syncSteps(context, stepsDir);
          logger.info(`Reloaded ${relative(stepsDir, path)}`);
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error));
        }
      };
      for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, onChange);
    },
  };
}

/** Puts every step in the store (unchanged ones are skipped) and drops the ones that are gone. */
async function syncSteps(context: LoaderContext, stepsDir: string): Promise<void> {
  const { store, parseData, generateDigest } = context;
  const steps = discoverSteps([], stepsDir);
  checkSolutions(steps);
  const root = fileURLToPath(context.config.root);
  for (const step of steps) {
    const recording = readRecording(step);
    const files: StepFiles = recording
      ? { source: step.source, meta: step.meta, recording }
      : { source: step.source, meta: step.meta };
    const digest = generateDigest({ ...files });
    if (store.get(step.id)?.digest === digest) continue;
    const data = await parseData({
      id: step.id,
      data: { ...files },
      filePath: relative(root, step.dir),
    });
    store.set({ id: step.id, data, digest });
  }
  const ids = new Set(steps.map((step) => step.id));
  for (const id of store.keys()) if (!ids.has(id)) store.delete(id);
}

/** Every exercise names a solution that is a step. */
function checkSolutions(steps: readonly Step[]): void {
  const ids = new Set(steps.map((step) => step.id));
  for (const step of steps) {
    const solution = step.meta.exercise?.solution;
    if (solution !== undefined && !ids.has(solution)) {
      throw new TypeError(
        `tutorial-steps/${step.id}/step.json: "exercise.solution" names no step: ${solution}`,
      );
    }
  }
}
