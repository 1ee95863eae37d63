/**
 * Finds the tutorial steps: folders `tutorial-steps/<page>/<NN-name>/` holding an `index.ts`.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Recording } from '../../src/runtime/recording.ts';
import { parseStepMeta, type StepMeta } from '../../src/runtime/step-meta.ts';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** Where the steps live. */
export const STEPS_DIR = join(ROOT, 'tutorial-steps');

/** One step on disk. */
export interface Step {
  /** `<page>/<NN-name>`, as pages and commands name it. */
  readonly id: string;
  /** Absolute path of the step folder. */
  readonly dir: string;
  /** The TypeScript program. */
  readonly source: string;
  /** `step.json`, or `{}` when absent. */
  readonly meta: StepMeta;
}

/** Every step, sorted by id; with `names`, only those (an unknown name throws, listing known ones). */
export function discoverSteps(names: readonly string[] = []): Step[] {
  const steps: Step[] = [];
  if (existsSync(STEPS_DIR)) {
    for (const page of readdirSync(STEPS_DIR, { withFileTypes: true })) {
      if (!page.isDirectory()) continue;
      for (const step of readdirSync(join(STEPS_DIR, page.name), { withFileTypes: true })) {
        const dir = join(STEPS_DIR, page.name, step.name);
        if (!step.isDirectory() || !existsSync(join(dir, 'index.ts'))) continue;
        steps.push(readStep(`${page.name}/${step.name}`, dir));
      }
    }
  }
  steps.sort((a, b) => a.id.localeCompare(b.id));
  if (names.length === 0) return steps;
  const wanted = names.map((name) => name.replace(/^tutorial-steps\//, '').replace(/\/+$/, ''));
  const unknown = wanted.filter((name) => !steps.some((step) => step.id === name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown step(s): ${unknown.join(', ')}. Known steps:\n  ${steps.map((s) => s.id).join('\n  ')}`,
    );
  }
  return steps.filter((step) => wanted.includes(step.id));
}

/** Reads one step folder. */
export function readStep(id: string, dir: string): Step {
  const metaPath = join(dir, 'step.json');
  const meta = existsSync(metaPath)
    ? parseStepMeta(JSON.parse(readFileSync(metaPath, 'utf8')), `${id}/step.json`)
    : {};
  return { id, dir, source: readFileSync(join(dir, 'index.ts'), 'utf8'), meta };
}

/** The step's `recording.json`, or `undefined` when it was never recorded. */
export function readRecording(step: Step): Recording | undefined {
  const path = join(step.dir, 'recording.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Recording) : undefined;
}
