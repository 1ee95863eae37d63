/**
 * Reads a step's JSON files through their schemas, so that a malformed one fails the build, the
 * recorder and the tests with one message naming the file and each field that is wrong.
 *
 * @module
 */
import type { z } from 'astro/zod';

/** Parses `value` with `schema`; throws a `TypeError` naming `file` and each bad field. */
export function parseFile<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  file: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new TypeError(
    result.error.issues.map((issue) => `${file}: ${describeIssue(issue)}`).join('\n'),
  );
}

/** `"exercise.check.lines[0]" must be a string`: the field as a reader of the JSON finds it. */
function describeIssue(issue: z.ZodIssue): string {
  if (issue.path.length === 0) return issue.message;
  const field = issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`,
    )
    .join('');
  return `"${field}" ${issue.message}`;
}
