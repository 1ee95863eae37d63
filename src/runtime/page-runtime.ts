/**
 * The page's runtimes, started once, lazily (on the first sign of interest in a step), shared by
 * every step on the page: the WebContainer boots in the background while the Worker fallback is
 * ready at once. Loaded with `import()` so none of it weighs on the first page load.
 *
 * @module
 */

import formatUncaughtSource from './format-uncaught.js?raw';
import { type ProjectFile, projectFiles } from './project-files.ts';
import reportUncaughtSource from './report-uncaught.mjs?raw';
import { DEFAULT_TIME_LIMIT_MS } from './runner.ts';
import { type PageRuntime, startPageRuntime } from './select-runtime.ts';
import { bootWebContainerRunner } from './webcontainer-runner.ts';
import { createWorkerRunner } from './worker-runner.ts';

/** Where the page's library copy lives and how a browser imports it. */
export interface LibraryConfig {
  /** Site path of the library package copy, ending in `/`. */
  readonly libraryBase: string;
  /** Specifier to site path of the browser modules. */
  readonly modules: Readonly<Record<string, string>>;
}

let runtime: PageRuntime | undefined;

/** The page's runtimes, started on the first call. */
export function getRuntime(config: LibraryConfig): PageRuntime {
  if (runtime) return runtime;
  runtime = startPageRuntime({
    support: {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    },
    bootWebContainer: async () => {
      const [api, library] = await Promise.all([
        import('@webcontainer/api'),
        fetchLibrary(config.libraryBase),
      ]);
      return bootWebContainerRunner({
        // The real module is passed as is: `astro check` verifies it satisfies `WebContainerApi`,
        // the interface the adapter (and its tested stand-in) is written against.
        api,
        files: projectFiles(library, {
          'report-uncaught.mjs': reportUncaughtSource,
          'format-uncaught.js': formatUncaughtSource,
        }),
        apiKey: import.meta.env.PUBLIC_WEBCONTAINER_API_KEY,
      });
    },
    createFallback: () =>
      createWorkerRunner({
        createWorker: () =>
          new Worker(new URL('./worker/step-worker.ts', import.meta.url), {
            type: 'module',
            name: 'cachify step',
          }),
        libraryPaths: Object.values(config.modules),
        libraryBase: config.libraryBase,
      }),
  });
  // Until the WebContainer is up, runs go to the Worker: have it warm.
  if (runtime.webContainer.state !== 'ready') runtime.choose();
  return runtime;
}

/** `?time-limit=<ms>` overrides how long a live run may take; default `DEFAULT_TIME_LIMIT_MS`. */
export function timeLimitFromUrl(): number {
  return positiveParam('time-limit') ?? DEFAULT_TIME_LIMIT_MS;
}

function positiveParam(name: string): number | undefined {
  const raw = new URL(location.href).searchParams.get(name);
  const value = Number(raw);
  return raw !== null && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Fetches the library package files listed in its `files.json`. */
async function fetchLibrary(base: string): Promise<ProjectFile[]> {
  const response = await fetch(`${base}files.json`);
  if (!response.ok) throw new Error(`could not load ${base}files.json (HTTP ${response.status})`);
  const paths = (await response.json()) as string[];
  return Promise.all(
    paths.map(async (path) => {
      const file = await fetch(`${base}${path}`);
      if (!file.ok) throw new Error(`could not load ${base}${path} (HTTP ${file.status})`);
      return { path, contents: await file.text() };
    }),
  );
}
