/**
 * The TypeScript language service, in a module Web Worker of its own: diagnostics, completions
 * and hover types for the steps being edited, checked against the library's own declaration
 * files. The page talks to it through Comlink (`TypeHelpWorker`).
 *
 * @module
 */
import { createSystem, createVirtualTypeScriptEnvironment } from '@typescript/vfs';
import { createWorker } from '@valtown/codemirror-ts/worker';
import * as Comlink from 'comlink';
import ts from 'typescript';
import { COMPILER_OPTIONS } from './compiler-options.ts';

let typesUrl = '';

const service = createWorker(async () => {
  const response = await fetch(typesUrl);
  if (!response.ok) throw new Error(`could not load ${typesUrl} (HTTP ${response.status})`);
  const files = new Map(Object.entries((await response.json()) as Record<string, string>));
  return createVirtualTypeScriptEnvironment(createSystem(files), [], ts, COMPILER_OPTIONS);
});

/** What the page calls. */
const api = {
  ...service,
  /** Loads the declaration files from `url` (a site path) and starts the language service. */
  async start(url: string): Promise<void> {
    typesUrl = new URL(url, self.location.href).href;
    await service.initialize();
  },
};

/** The worker's interface, as the page sees it through `Comlink.wrap`. */
export type TypeHelpApi = typeof api;

Comlink.expose(api);
