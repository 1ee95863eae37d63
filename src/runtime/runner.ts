/**
 * What every runner (WebContainer, Web Worker) offers: run a transpiled step, stream its output,
 * report how it ended, stop it.
 *
 * @module
 */
import type { OutputChunk } from './output.ts';

/** A step ready to run: its id and its code transpiled for each runtime. */
export interface Program {
  /** `<page>/<NN-name>`; the WebContainer runs it in `steps/<id>/`. */
  readonly step: string;
  /** ES module with bare `cachify` imports, for Node. */
  readonly nodeCode: string;
  /** ES module whose `cachify` imports are URLs of the library's browser build, for a Worker. */
  readonly workerCode: string;
}

/** How a run ended. */
export type RunEnd =
  /** The program finished; `code` is its exit code (1 after an uncaught error). */
  | { readonly kind: 'exit'; readonly code: number }
  /** Stop was pressed, or the time limit passed. */
  | { readonly kind: 'stopped'; readonly by: 'reader' | 'time-limit' };

/** A program that is running. */
export interface RunningProgram {
  /** Settles once when the program ends; never rejects. */
  readonly end: Promise<RunEnd>;
  /** Kills the program; `end` then resolves as stopped by the reader. Safe to call twice. */
  stop(): void;
}

/** Receives a program's output; see `Runner.run`. */
export type OutputListener = (chunk: OutputChunk, omittedLinesBefore?: number) => void;

/** Which runtime ran the code, as the panel names it. */
export type RuntimeKind = 'webcontainer' | 'worker';

/** Runs programs in one runtime. */
export interface Runner {
  readonly kind: RuntimeKind;
  /**
   * Starts `program`; output goes to `onOutput` as it is written. A runner that drops the oldest
   * lines of a flood passes how many it dropped before `chunk` as `omittedLinesBefore`.
   */
  run(program: Program, onOutput: OutputListener): Promise<RunningProgram>;
}

/** Longest a live run may take before it is stopped, in milliseconds (`Infinity`: no limit). */
export const DEFAULT_TIME_LIMIT_MS = 10_000;

/**
 * Starts `program` on `runner` and stops it after `timeLimitMs`; the result tells the time limit
 * apart from the reader's Stop.
 */
export async function runWithTimeLimit(
  runner: Runner,
  program: Program,
  onOutput: OutputListener,
  timeLimitMs: number = DEFAULT_TIME_LIMIT_MS,
): Promise<RunningProgram> {
  if (!(timeLimitMs > 0)) {
    throw new RangeError(
      `timeLimitMs must be a positive number of milliseconds, got ${timeLimitMs}`,
    );
  }
  const running = await runner.run(program, onOutput);
  let timedOut = false;
  const timer = Number.isFinite(timeLimitMs)
    ? setTimeout(() => {
        timedOut = true;
        running.stop();
      }, timeLimitMs)
    : undefined;
  const end = running.end.then((result): RunEnd => {
    clearTimeout(timer);
    return timedOut && result.kind === 'stopped' ? { kind: 'stopped', by: 'time-limit' } : result;
  });
  return { end, stop: () => running.stop() };
}
