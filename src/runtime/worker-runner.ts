/**
 * The fallback runner: each run gets a fresh module Web Worker (so no state leaks between runs),
 * which imports the program against the library's browser build. Stop terminates the Worker.
 *
 * @module
 */
import type { OutputChunk } from './output.ts';
import type { Program, RunEnd, Runner, RunningProgram } from './runner.ts';
import type { PreloadMessage, RunMessage, WorkerMessage } from './worker/protocol.ts';

/** What the Worker runner needs from its surroundings. */
export interface WorkerRunnerOptions {
  /** Creates the module Worker that hosts one program (`worker/step-worker.ts`). */
  readonly createWorker: () => Worker;
  /**
   * Site paths of the library's browser modules, as used in `Program.workerCode`; each is
   * rewritten to an absolute URL against `baseUrl`, since a Blob module has no base of its own.
   */
  readonly libraryPaths: readonly string[];
  /** Site path of the library package copy (`/runtime/cachify/`), to name its stack frames. */
  readonly libraryBase: string;
  /** The page's URL; default `location.href`. */
  readonly baseUrl?: string;
}

/** Rewrites the library's site paths in a Worker program to absolute URLs. */
export function absolutizeLibraryImports(
  code: string,
  paths: readonly string[],
  baseUrl: string,
): string {
  let result = code;
  for (const path of paths) {
    result = result.replaceAll(JSON.stringify(path), JSON.stringify(new URL(path, baseUrl).href));
  }
  return result;
}

/**
 * Creates the fallback runner. It keeps one spare Worker that has already loaded the library, so
 * pressing Run does not wait for a Worker to start or the library to download.
 */
export function createWorkerRunner(options: WorkerRunnerOptions): Runner {
  const baseUrl = () => options.baseUrl ?? globalThis.location.href;
  const spawnWorker = () => {
    const worker = options.createWorker();
    const urls = options.libraryPaths.map((path) => new URL(path, baseUrl()).href);
    worker.postMessage({ type: 'preload', urls } satisfies PreloadMessage);
    return worker;
  };
  let spare: Worker | undefined = spawnWorker();
  return {
    kind: 'worker',
    async run(
      program: Program,
      onOutput: (chunk: OutputChunk, omittedLinesBefore?: number) => void,
    ): Promise<RunningProgram> {
      const worker = spare ?? spawnWorker();
      spare = undefined;
      // Ready the next one once this run is under way.
      setTimeout(() => {
        spare ??= spawnWorker();
      }, 0);
      let settle: (end: RunEnd) => void = () => {};
      const end = new Promise<RunEnd>((resolve) => {
        settle = (result) => {
          worker.terminate();
          settle = () => {};
          resolve(result);
        };
      });
      worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
        const message = event.data;
        if (message.type === 'exit') return settle({ kind: 'exit', code: message.code });
        message.chunks.forEach((chunk, i) => {
          onOutput(chunk, i === 0 ? message.omittedLines : 0);
        });
      });
      worker.addEventListener('error', (event) => {
        // The Worker script itself failed to load; the program never started.
        event.preventDefault();
        onOutput({
          stream: 'stderr',
          text: `The Worker runner failed: ${event.message || 'could not start'}\n`,
        });
        settle({ kind: 'exit', code: 1 });
      });
      const code = absolutizeLibraryImports(program.workerCode, options.libraryPaths, baseUrl());
      const libraryUrl = new URL(options.libraryBase, baseUrl()).href;
      worker.postMessage({ type: 'run', code, libraryUrl } satisfies RunMessage);
      return { end, stop: () => settle({ kind: 'stopped', by: 'reader' }) };
    },
  };
}
