/**
 * Adds TypeScript help to a step's open editor, loaded with `import()` when the reader starts
 * editing. A failure leaves editing and running as they were and says why in the console.
 *
 * @module
 */
import { loadTypeHelp, type StepEditor } from '../../runtime/index.ts';

/** Starts type help for `editor` in `step`, and marks its state on the element for the tests. */
export async function attachTypeHelp(
  step: HTMLElement,
  editor: StepEditor,
  options: { readonly typesUrl: string; readonly step: string },
): Promise<void> {
  try {
    const { typeHelp } = await loadTypeHelp();
    const help = await typeHelp({
      ...options,
      onDiagnostics: (diagnostics, msSinceEdit) => {
        // Read by the browser tests: how many problems, and how soon after the last keystroke.
        step.dataset.diagnostics = String(diagnostics.length);
        step.dataset.diagnosticMs = String(Math.round(msSinceEdit));
      },
    });
    editor.extend(help);
    step.dataset.typeHelp = 'ready';
  } catch (error) {
    step.dataset.typeHelp = 'unavailable';
    console.warn(
      `TypeScript help is unavailable: ${error instanceof Error ? error.message : error}`,
    );
  }
}
