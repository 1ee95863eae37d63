/**
 * The browser runtime, as the site's components and the build use it: running a step (WebContainer
 * or Web Worker), its output, the editor, and the workbench around a step. Nothing here imports
 * Astro or build-time code; modules inside `src/runtime/` import each other directly.
 *
 * What a page needs at once is exported as it is. Everything heavy is behind a `load…` function
 * that imports it with `import()`, so it is a chunk of its own that a page fetches only when the
 * reader needs it.
 *
 * @module
 */

export type { AnsiRenderer } from './ansi.ts';
export type { StepEditor } from './editor.ts';
export { STACK_FRAME } from './format-uncaught.js';
export { comparableText, type OutputChunk, stripAnsi, withoutStackFrames } from './output.ts';
export { countLines, dropOldestLines, type MutableChunk } from './output-tail.ts';
export {
  nodeCommand,
  type ProjectFile,
  programFile,
  projectFiles,
  type RuntimeFiles,
  STEP_ID,
} from './project-files.ts';
export type { RunEnd, RunningProgram } from './runner.ts';
export type { RuntimeChoice } from './select-runtime.ts';
export { type TranspileFor, transpile } from './transpile.ts';
export { type CheckResult, checkOutput, type ExerciseCheck } from './workbench/exercise.ts';
export { forgetEdit, loadEdit, pageStorage, saveEdit } from './workbench/saved-edits.ts';
export { RUN_FINISHED, type RunFinished, type StepElement } from './workbench/step-events.ts';
export type { PackageVersions, TakeHomeStep } from './workbench/take-home.ts';

/** The live output's ANSI renderer (`AnsiRenderer`, with ansi_up), loaded with the live panel. */
export const loadAnsiRenderer = () => import('./ansi.ts');

/** `runWithTimeLimit`, loaded on the first run. */
export const loadRunner = () => import('./runner.ts');

/** The page's runtimes (`getRuntime`) and the time limit of a run, loaded on interest in a step. */
export const loadPageRuntime = () => import('./page-runtime.ts');

/** The CodeMirror editor, loaded when the reader opens it. */
export const loadEditor = () => import('./editor.ts');

/** TypeScript help in the editor, loaded when the reader starts editing. */
export const loadTypeHelp = () => import('./editor/type-help.ts');

/** esbuild-wasm for edited code, loaded when the reader runs code they edited. */
export const loadEditedCodeTranspiler = () => import('./browser-transpile.ts');

/** Download and Open in StackBlitz, loaded on the first click. */
export const loadTakeHomeActions = () => import('./workbench/take-home-actions.ts');
