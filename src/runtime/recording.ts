/**
 * The recording of a step: what its program printed, in order, and how it exited. The recorder
 * (`scripts/steps.ts`) writes it beside the step as `recording.json`; the page shows it until a
 * live run replaces it; the tests compare live output with it.
 *
 * @module
 */

/** The stream a chunk of output was written to. */
export type OutputStream = 'stdout' | 'stderr';

/** A piece of output, in the order the program wrote it. */
export interface OutputChunk {
  /** `stdout` for `console.log`/`info`/`debug`, `stderr` for `console.warn`/`error` and crashes. */
  readonly stream: OutputStream;
  /** The text as written, newlines included. */
  readonly text: string;
}

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

/** A stack frame line as V8 prints it (`    at fn (file:1:2)`). */
const STACK_FRAME = /^\s+at\s.*$/;

/**
 * Drops stack frame lines. Frames name files, lines and columns that differ between machines,
 * library builds and runtimes, so recordings keep the error's name and message only.
 */
export function withoutStackFrames(text: string): string {
  return text
    .split('\n')
    .filter((line) => !STACK_FRAME.test(line))
    .join('\n');
}

/**
 * The text a reader compares: all chunks joined in order, stack frames dropped, line endings
 * made `\n`, and ANSI escape sequences removed.
 */
export function comparableText(chunks: readonly OutputChunk[]): string {
  const text = chunks.map((chunk) => chunk.text).join('');
  return withoutStackFrames(stripAnsi(text.replace(/\r\n/g, '\n')));
}

/** Removes ANSI escape sequences (colours, cursor moves) from terminal output. */
export function stripAnsi(text: string): string {
  // CSI sequences (ESC [ ... final byte) and OSC sequences (ESC ] ... BEL).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g, '');
}
