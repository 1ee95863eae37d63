/**
 * Messages between the Worker runner and the module Worker that runs one program.
 *
 * @module
 */
import type { OutputStream } from '../recording.ts';

/** Page to worker: run this ES module. */
export interface RunMessage {
  readonly type: 'run';
  readonly code: string;
}

/** Page to worker, ahead of any run: import these modules now, so a run starts without fetching them. */
export interface PreloadMessage {
  readonly type: 'preload';
  readonly urls: readonly string[];
}

/** Worker to page. */
export type WorkerMessage =
  /** Something was printed. */
  | { readonly type: 'output'; readonly stream: OutputStream; readonly text: string }
  /** The program ended: its module finished and no referenced timer is left, or it crashed. */
  | { readonly type: 'exit'; readonly code: number };
