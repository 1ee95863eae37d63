/**
 * TypeScript help in the editor: errors marked in the code, completions of `cachify`'s API and
 * the type under the pointer, from the language service in `language-worker.ts`. Loaded with
 * `import()` when the reader starts editing; one worker serves every step on the page.
 *
 * @module
 */
import {
  autocompletion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { type Diagnostic, linter } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tsFacetWorker, tsHoverWorker, tsSyncWorker } from '@valtown/codemirror-ts';
import type { WorkerShape } from '@valtown/codemirror-ts/worker';
import * as Comlink from 'comlink';
import type { TypeHelpApi } from './language-worker.ts';

/** How long after the last keystroke the code is checked, in milliseconds. */
export const CHECK_DELAY_MS = 300;

/** Options of `typeHelp`. */
export interface TypeHelpOptions {
  /** Site path of the declaration files bundle (`public/runtime/editor-types.json`). */
  readonly typesUrl: string;
  /** The step, as `<page>/<NN-name>`: each step is its own file to the language service. */
  readonly step: string;
  /** Called with each new set of diagnostics and the milliseconds since the last edit. */
  readonly onDiagnostics?: (diagnostics: readonly Diagnostic[], msSinceEdit: number) => void;
}

let worker: Promise<Comlink.Remote<TypeHelpApi>> | undefined;

/** The page's language service worker, started on the first call. */
function languageService(typesUrl: string): Promise<Comlink.Remote<TypeHelpApi>> {
  worker ??= (async () => {
    const remote = Comlink.wrap<TypeHelpApi>(
      new Worker(new URL('./language-worker.ts', import.meta.url), {
        type: 'module',
        name: 'cachify type help',
      }),
    );
    await remote.start(typesUrl);
    return remote;
  })();
  return worker;
}

/** Resolves, once the language service is ready, with the editor extensions that use it. */
export async function typeHelp(options: TypeHelpOptions): Promise<Extension> {
  const remote = await languageService(options.typesUrl);
  const path = `/steps/${options.step}/index.ts`;
  let editedAt = performance.now();

  const complete = async (context: CompletionContext): Promise<CompletionResult | null> => {
    // Right after `{`, `(` or `,` the options of the call are what the reader looks for.
    const explicit = context.explicit || context.matchBefore(/[{(,]\s*/) !== null;
    return remote.getAutocompletion({ path, context: { pos: context.pos, explicit } });
  };

  return [
    tsFacetWorker.of({ worker: remote as unknown as WorkerShape, path }),
    tsSyncWorker(),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) editedAt = performance.now();
    }),
    linter(
      async () => {
        const diagnostics = await remote.getLints({ path, diagnosticCodesToIgnore: [] });
        options.onDiagnostics?.(diagnostics, performance.now() - editedAt);
        return diagnostics;
      },
      { delay: CHECK_DELAY_MS },
    ),
    autocompletion({ override: [complete] }),
    tsHoverWorker(),
  ];
}
