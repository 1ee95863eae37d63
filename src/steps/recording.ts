/**
 * The recording of a step: what its program printed, in order, and how it exited. The recorder
 * (`scripts/steps.ts`) writes it beside the step as `recording.json`; the page shows it until a
 * live run replaces it; the tests compare live output with it.
 *
 * @module
 */
import { z } from 'astro/zod';
import type { OutputChunk } from '../runtime/index.ts';
import { parseFile } from './parse-file.ts';

/** The content of a step's `recording.json`. */
export interface Recording {
  /** The step, as `<page>/<NN-name>`. */
  readonly step: string;
  /** Where it was recorded; always real Node.js. */
  readonly runtime: 'node';
  /** Output chunks in write order; adjacent chunks of one stream are merged. */
  readonly chunks: readonly OutputChunk[];
  /** The process exit code: 0 on success, 1 on an uncaught error. */
  readonly exitCode: number;
}

const chunkSchema = z
  .object({
    stream: z.enum(['stdout', 'stderr'], { message: 'must be "stdout" or "stderr"' }),
    text: z.string({ message: 'must be a string' }),
  })
  .strict();

/** The schema of `recording.json`. */
export const recordingSchema: z.ZodType<Recording, z.ZodTypeDef, unknown> = z
  .object(
    {
      step: z.string({ message: 'must be the step id, like "<page>/<NN-name>"' }),
      runtime: z.literal('node', { errorMap: () => ({ message: 'must be "node"' }) }),
      chunks: z.array(chunkSchema, { message: 'must be a list of { "stream", "text" }' }),
      exitCode: z.number({ message: 'must be an integer' }).int('must be an integer'),
    },
    { message: 'expected an object' },
  )
  .strict();

/** Checks a parsed `recording.json` and returns it typed; throws a `TypeError` naming each bad field. */
export function parseRecording(value: unknown, file: string): Recording {
  return parseFile(recordingSchema, value, file);
}

/** Merges adjacent chunks of the same stream, so recordings do not depend on write sizes. */
export function mergeChunks(chunks: readonly OutputChunk[]): OutputChunk[] {
  const merged: OutputChunk[] = [];
  for (const chunk of chunks) {
    if (chunk.text === '') continue;
    const last = merged.at(-1);
    if (last && last.stream === chunk.stream) {
      merged[merged.length - 1] = { stream: last.stream, text: last.text + chunk.text };
    } else {
      merged.push({ stream: chunk.stream, text: chunk.text });
    }
  }
  return merged;
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
