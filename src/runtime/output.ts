/**
 * What a program printed: chunks of stdout and stderr in the order it wrote them, as every runner
 * streams them, and the text a reader compares (the recorder's, a live run's, an exercise check's).
 *
 * @module
 */
import { STACK_FRAME } from './format-uncaught.js';

/** The stream a chunk of output was written to. */
export type OutputStream = 'stdout' | 'stderr';

/** A piece of output, in the order the program wrote it. */
export interface OutputChunk {
  /** `stdout` for `console.log`/`info`/`debug`, `stderr` for `console.warn`/`error` and crashes. */
  readonly stream: OutputStream;
  /** The text as written, newlines included. */
  readonly text: string;
}

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
