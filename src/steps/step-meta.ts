/**
 * `step.json`, optional beside a step: what the step needs to run, and the exercise it starts.
 *
 * ```json
 * { "browser": false, "requires": ["redis"], "why": "needs Redis" }
 * ```
 *
 * An exercise ("Try it yourself" under the step) names its solution, itself a recorded step:
 *
 * ```json
 * "exercise": {
 *   "goal": "Give the second lock a key of its own, so both lines are printed.",
 *   "solution": "locks-getting-started/03-two-keys",
 *   "check": { "exitCode": 0, "lines": ["this code is locked and will be executed"] }
 * }
 * ```
 *
 * @module
 */
import { z } from 'astro/zod';
import { type ExerciseCheck, STEP_ID } from '../runtime/index.ts';
import { parseFile } from './parse-file.ts';

/** A service a step needs that a browser cannot provide. */
export type StepRequirement = 'redis';

/** An exercise, as declared in `step.json`. */
export interface Exercise {
  /** The goal, in one or two sentences the page shows. */
  readonly goal: string;
  /** The step holding the solution, as `<page>/<NN-name>`. */
  readonly solution: string;
  /** What the reader's output must show; checked on every run. */
  readonly check: ExerciseCheck;
}

/** The content of a step's optional `step.json`. */
export interface StepMeta {
  /** `false` when the step cannot run in the browser; its recorded output is shown instead. Default `true`. */
  readonly browser?: boolean;
  /** Services the recorder provides (Redis at `REDIS_URL`). Default none. */
  readonly requires?: readonly StepRequirement[];
  /** Why the step does not run in the browser, shown on the page. */
  readonly why?: string;
  /** "Try it yourself" under the step. */
  readonly exercise?: Exercise;
}

/** An object that refuses fields it does not know, naming them and the known ones. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape, notAnObject: string) {
  return z
    .object(shape, {
      errorMap: (issue, context) => ({
        message:
          issue.code === 'unrecognized_keys'
            ? `has unknown field(s) ${issue.keys.join(', ')}; known: ${Object.keys(shape).join(', ')}`
            : issue.code === 'invalid_type'
              ? notAnObject
              : context.defaultError,
      }),
    })
    .strict();
}

const stringList = z.array(z.string({ message: 'must be a string' }), {
  message: 'must be a list of strings',
});

/** `exercise.check`: every field given must hold. */
const exerciseCheckSchema: z.ZodType<ExerciseCheck, z.ZodTypeDef, unknown> = strictObject(
  {
    exitCode: z.number({ message: 'must be an integer' }).int('must be an integer').optional(),
    lines: stringList.optional(),
    patterns: stringList
      .superRefine((patterns, context) => {
        for (const pattern of patterns) {
          try {
            new RegExp(pattern, 'm');
          } catch (error) {
            context.addIssue({
              code: 'custom',
              message: `holds an invalid regular expression: ${(error as Error).message}`,
            });
          }
        }
      })
      .optional(),
    absentLines: stringList.optional(),
  },
  'must be an object',
).refine((check) => Object.values(check).some((field) => field !== undefined), 'checks nothing');

const exerciseSchema: z.ZodType<Exercise, z.ZodTypeDef, unknown> = strictObject(
  {
    goal: z
      .string({ message: 'must be a sentence' })
      .refine((goal) => goal.trim() !== '', 'must be a sentence'),
    solution: z
      .string({ message: 'must be a step id like "<page>/<NN-name>"' })
      .regex(STEP_ID, 'must be a step id like "<page>/<NN-name>"'),
    check: exerciseCheckSchema,
  },
  'must be an object',
);

/** The schema of `step.json`. */
export const stepMetaSchema: z.ZodType<StepMeta, z.ZodTypeDef, unknown> = strictObject(
  {
    browser: z.boolean({ message: 'must be true or false' }).optional(),
    requires: z
      .array(z.literal('redis', { errorMap: () => ({ message: 'must be "redis"' }) }), {
        message: 'must be a list of services the recorder provides: ["redis"]',
      })
      .optional(),
    why: z.string({ message: 'must be a string' }).optional(),
    exercise: exerciseSchema.optional(),
  },
  'expected an object',
);

/** Checks a parsed `step.json` and returns it typed; throws a `TypeError` naming each bad field. */
export function parseStepMeta(value: unknown, file: string): StepMeta {
  return parseFile(stepMetaSchema, value, file);
}

/** Checks the `exercise` of a parsed `step.json`; `undefined` when there is none. */
export function parseExercise(value: unknown, file: string): Exercise | undefined {
  return parseStepMeta({ exercise: value }, file).exercise;
}

/** The exercise a step's `step.json` declares, checked; `undefined` when it declares none. */
export function exerciseOf(meta: object, file: string): Exercise | undefined {
  return parseExercise((meta as { exercise?: unknown }).exercise, file);
}
