/**
 * How the workbench's parts (exercise, take-home tools) talk to the step they sit in: the step
 * element's public methods and the event it sends when a run ends.
 *
 * @module
 */
import type { OutputChunk } from '../output.ts';
import type { RunEnd } from '../runner.ts';

/** Detail of `cachify-step:run-finished`, sent by `<cachify-tutorial-step>` when a run ends. */
export interface RunFinished {
  /** What the run printed, in order. */
  readonly chunks: readonly OutputChunk[];
  /** How it ended. */
  readonly end: RunEnd;
}

/** The event's name. */
export const RUN_FINISHED = 'cachify-step:run-finished';

/** What `<cachify-tutorial-step>` offers its parts. */
export interface StepElement extends HTMLElement {
  /** The code as the reader has it now (edited or original); `undefined` for a Node-only step. */
  currentCode(): string | undefined;
  /** Opens the editor with `code`. */
  useCode(code: string): Promise<void>;
}
