/**
 * Exercises: "Try it yourself" under a step, with a goal, a check of the reader's output, and a
 * solution that is itself a recorded step. The step's `step.json` declares them (read by
 * `src/steps/step-meta.ts`); here each run's output is checked against the goal.
 *
 * The tests hold every check against both recordings: the solution's must meet it, the starting
 * code's must not.
 *
 * @module
 */
import { comparableText, type OutputChunk } from '../output.ts';
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

/** The outcome of a check: met, or what is still missing, in words for the reader. */
export interface CheckResult {
  readonly met: boolean;
  readonly unmet: readonly string[];
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
