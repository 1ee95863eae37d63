/**
 * Finds the tutorial steps, folders `tutorial-steps/<page>/<NN-name>/` holding an `index.ts`, and
 * reads their files: the program, `step.json` and `recording.json`, each checked by its schema.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRecording, type Recording } from './recording.ts';
import { parseStepMeta, type StepMeta } from './step-meta.ts';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
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

/**
 * Every step in `stepsDir`, sorted by id; with `names`, only those (an unknown name throws,
 * listing known ones).
 */
export function discoverSteps(names: readonly string[] = [], stepsDir = STEPS_DIR): Step[] {
  const steps: Step[] = [];
  if (existsSync(stepsDir)) {
    for (const page of readdirSync(stepsDir, { withFileTypes: true })) {
      if (!page.isDirectory()) continue;
      for (const step of readdirSync(join(stepsDir, page.name), { withFileTypes: true })) {
        const dir = join(stepsDir, page.name, step.name);
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

/** Reads one step folder; a malformed `step.json` throws, naming the file and field. */
export function readStep(id: string, dir: string): Step {
  const metaPath = join(dir, 'step.json');
  const meta = existsSync(metaPath) ? parseStepMeta(readJson(metaPath), displayPath(metaPath)) : {};
  return { id, dir, source: readFileSync(join(dir, 'index.ts'), 'utf8'), meta };
}

/**
 * The step's `recording.json`, or `undefined` when it was never recorded; a malformed one throws,
 * naming the file and field.
 */
export function readRecording(step: Step): Recording | undefined {
  const path = join(step.dir, 'recording.json');
  return existsSync(path) ? parseRecording(readJson(path), displayPath(path)) : undefined;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SyntaxError(`${displayPath(path)}: ${(error as Error).message}`, { cause: error });
  }
}

/** A file's path as the messages name it: from the repository root when it is inside. */
function displayPath(path: string): string {
  const fromRoot = relative(ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}
