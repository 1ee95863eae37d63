/**
 * Every exercise's check, held against real recordings: the solution's output meets it, the
 * unchanged starting code's does not. And the check's words for what is missing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput } from '../../src/runtime/workbench/exercise.ts';
import { discoverSteps, readRecording, readStep, STEPS_DIR } from '../../src/steps/discover.ts';
import { exerciseOf, parseExercise } from '../../src/steps/step-meta.ts';

const exercises = discoverSteps().flatMap((step) => {
  const exercise = exerciseOf(step.meta, `${step.id}/step.json`);
  return exercise ? [{ step, exercise }] : [];
});

const outcome = (id: string) => {
  const recording = readRecording(readStep(id, join(STEPS_DIR, id)));
  if (!recording) throw new Error(`${id} has no recording: npm run steps:record -- ${id}`);
  return [recording.chunks, { kind: 'exit', code: recording.exitCode }] as const;
};

describe('exercises', () => {
  it('are declared on at least four pages', () => {
    expect(new Set(exercises.map(({ step }) => step.id.split('/')[0])).size).toBeGreaterThanOrEqual(
      4,
    );
  });

  for (const { step, exercise } of exercises) {
    it(`${step.id}: the solution's recording meets the check`, () => {
      expect(checkOutput(exercise.check, ...outcome(exercise.solution))).toEqual({
        met: true,
        unmet: [],
      });
    });

    it(`${step.id}: the unchanged code's recording does not`, () => {
      const result = checkOutput(exercise.check, ...outcome(step.id));
      expect(result.met).toBe(false);
      expect(result.unmet.length).toBeGreaterThan(0);
    });
  }
});

describe('checkOutput', () => {
  const check = {
    exitCode: 0,
    lines: ['done'],
    patterns: ['^took \\d+ ms$'],
    absentLines: ['oops'],
  };

  it('says which line is missing, which pattern found nothing and how the run ended', () => {
    const result = checkOutput(check, [{ stream: 'stderr', text: 'oops\n' }], {
      kind: 'exit',
      code: 1,
    });
    expect(result.unmet).toEqual([
      'It should end with exit code 0; it ended with 1.',
      'No line reads “done”.',
      'Nothing in the output matches /^took \\d+ ms$/.',
      'The line “oops” should be gone.',
    ]);
  });

  it('reads lines without colours, stack frames or CRLF line ends', () => {
    const chunks = [
      { stream: 'stdout' as const, text: '\u001b[32mdone\u001b[0m\r\ntook 12 ms\r\n' },
      { stream: 'stderr' as const, text: 'Error\n    at main (file:///index.js:1:1)\n' },
    ];
    expect(checkOutput(check, chunks, { kind: 'exit', code: 0 })).toEqual({ met: true, unmet: [] });
  });

  it('does not accept a stopped run', () => {
    const result = checkOutput({ lines: ['done'] }, [{ stream: 'stdout', text: 'done\n' }], {
      kind: 'stopped',
      by: 'time-limit',
    });
    expect(result).toEqual({ met: false, unmet: ['The run hit the time limit.'] });
  });
});

describe('parseExercise', () => {
  const where = 'x/01-y/step.json';
  it('names what is wrong in a declaration', () => {
    expect(() => parseExercise({ goal: '', solution: 'a/b', check: {} }, where)).toThrow(
      /"exercise.goal" must be a sentence/,
    );
    expect(() => parseExercise({ goal: 'Do it.', solution: 'nope', check: {} }, where)).toThrow(
      /"exercise.solution" must be a step id/,
    );
    expect(() => parseExercise({ goal: 'Do it.', solution: 'a/b', check: {} }, where)).toThrow(
      /"exercise.check" checks nothing/,
    );
    expect(() =>
      parseExercise({ goal: 'Do it.', solution: 'a/b', check: { line: ['x'] } }, where),
    ).toThrow(/unknown field\(s\) line/);
    expect(() =>
      parseExercise({ goal: 'Do it.', solution: 'a/b', check: { patterns: ['('] } }, where),
    ).toThrow(/"exercise.check.patterns"/);
  });

  it('leaves a step without an exercise alone', () => {
    expect(parseExercise(undefined, where)).toBeUndefined();
  });

  it('names a solution that is not a step', () => {
    for (const { exercise } of exercises) {
      expect(discoverSteps().some((step) => step.id === exercise.solution)).toBe(true);
    }
  });
});
