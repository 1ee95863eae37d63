/**
 * Exercises: "Try it yourself" under a step, with a goal, a check of the reader's output, and a
 * solution that is itself a recorded step. Declared in the starting step's `step.json`:
 *
 * ```json
 * "exercise": {
 *   "goal": "Give the second lock a key of its own, so both lines are printed.",
 *   "solution": "locks-getting-started/03-two-keys",
 *   "check": { "exitCode": 0, "lines": ["this code is locked and will be executed"] }
 * }
 * ```
 *
 * The tests hold every check against both recordings: the solution's must meet it, the starting
 * code's must not.
 *
 * @module
 */
import { comparableText, type OutputChunk } from '../recording.ts';
import type { RunEnd } from '../runner.ts';

/** What the output must show to meet the goal. Every field given must hold. */
export interface ExerciseCheck {
  /** The exit code the program must end with. */
  readonly exitCode?: number;
  /** Lines the output must contain, each as a whole line. */
  readonly lines?: readonly string[];
  /** Regular expressions (JavaScript syntax, multiline) the output must match. */
  readonly patterns?: readonly string[];
  /** Lines the output must not contain. */
  readonly absentLines?: readonly string[];
}

/** An exercise, as declared in `step.json`. */
export interface Exercise {
  /** The goal, in one or two sentences the page shows. */
  readonly goal: string;
  /** The step holding the solution, as `<page>/<NN-name>`. */
  readonly solution: string;
  readonly check: ExerciseCheck;
}

/** The outcome of a check: met, or what is still missing, in words for the reader. */
export interface CheckResult {
  readonly met: boolean;
  readonly unmet: readonly string[];
}

const STEP_ID = /^[\w.-]+\/[\w.-]+$/;

function stringList(value: unknown, where: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`${where} must be a list of strings`);
  }
  return value;
}

/** Checks the `exercise` of a parsed `step.json`; `undefined` when there is none. */
export function parseExercise(value: unknown, where: string): Exercise | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: "exercise" must be an object`);
  }
  const { goal, solution, check } = value as Record<string, unknown>;
  if (typeof goal !== 'string' || goal.trim() === '') {
    throw new TypeError(`${where}: "exercise.goal" must be a sentence`);
  }
  if (typeof solution !== 'string' || !STEP_ID.test(solution)) {
    throw new TypeError(`${where}: "exercise.solution" must be a step id like "<page>/<NN-name>"`);
  }
  if (typeof check !== 'object' || check === null || Array.isArray(check)) {
    throw new TypeError(`${where}: "exercise.check" must be an object`);
  }
  const fields = check as Record<string, unknown>;
  const known = ['exitCode', 'lines', 'patterns', 'absentLines'];
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `${where}: "exercise.check" has unknown field(s) ${unknown.join(', ')}; known: ${known.join(', ')}`,
    );
  }
  if (fields.exitCode !== undefined && !Number.isInteger(fields.exitCode)) {
    throw new TypeError(`${where}: "exercise.check.exitCode" must be an integer`);
  }
  const patterns = stringList(fields.patterns, `${where}: "exercise.check.patterns"`);
  for (const pattern of patterns ?? []) {
    try {
      new RegExp(pattern, 'm');
    } catch (error) {
      throw new TypeError(`${where}: "exercise.check.patterns": ${(error as Error).message}`);
    }
  }
  const parsed: ExerciseCheck = {
    exitCode: fields.exitCode as number | undefined,
    lines: stringList(fields.lines, `${where}: "exercise.check.lines"`),
    patterns,
    absentLines: stringList(fields.absentLines, `${where}: "exercise.check.absentLines"`),
  };
  if (Object.values(parsed).every((field) => field === undefined)) {
    throw new TypeError(`${where}: "exercise.check" checks nothing`);
  }
  return { goal, solution, check: parsed };
}

/** The exercise a step's `step.json` declares, checked; `undefined` when it declares none. */
export function exerciseOf(meta: object, where: string): Exercise | undefined {
  return parseExercise((meta as { exercise?: unknown }).exercise, where);
}

/** Checks a run's output (or a recording's) against the exercise. */
export function checkOutput(
  check: ExerciseCheck,
  chunks: readonly OutputChunk[],
  end: RunEnd,
): CheckResult {
  const text = comparableText(chunks);
  const lines = new Set(text.split('\n').map((line) => line.trimEnd()));
  const unmet: string[] = [];
  if (end.kind === 'stopped') {
    unmet.push(
      end.by === 'reader' ? 'The run was stopped before it ended.' : 'The run hit the time limit.',
    );
  } else if (check.exitCode !== undefined && end.code !== check.exitCode) {
    unmet.push(`It should end with exit code ${check.exitCode}; it ended with ${end.code}.`);
  }
  for (const line of check.lines ?? []) {
    if (!lines.has(line)) unmet.push(`No line reads “${line}”.`);
  }
  for (const pattern of check.patterns ?? []) {
    if (!new RegExp(pattern, 'm').test(text))
      unmet.push(`Nothing in the output matches /${pattern}/.`);
  }
  for (const line of check.absentLines ?? []) {
    if (lines.has(line)) unmet.push(`The line “${line}” should be gone.`);
  }
  return { met: unmet.length === 0, unmet };
}
