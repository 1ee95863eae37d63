/**
 * Messages between the Worker runner and the module Worker that runs one program.
 *
 * @module
 */
import type { OutputChunk } from '../output.ts';

/** Page to worker: run this ES module. */
export interface RunMessage {
  readonly type: 'run';
  readonly code: string;
  /** URL prefix of the library's browser build, so stack frames can name its files. */
  readonly libraryUrl: string;
}

/** Page to worker, ahead of any run: import these modules now, so a run starts without fetching them. */
export interface PreloadMessage {
  readonly type: 'preload';
  readonly urls: readonly string[];
}

/** Worker to page. */
export type WorkerMessage =
  /**
   * Output since the last message, batched so a flood of lines is a few messages; `omittedLines`
   * lines written before `chunks` were dropped (a page keeps only the newest few thousand).
   */
  | {
      readonly type: 'output';
      readonly chunks: readonly OutputChunk[];
      readonly omittedLines: number;
    }
  /** The program ended: its module finished and no referenced timer is left, or it crashed. */
  | { readonly type: 'exit'; readonly code: number };
