/**
 * Drives one `<cachify-tutorial-step>` in a page as a reader would: by its buttons and keys.
 *
 * @module
 */
import type { Locator } from 'playwright-core';

/** What the panel shows after a run. */
export interface PanelResult {
  /** The live output as the reader sees it. */
  readonly output: string;
  /** The status line: `Exit code 0`, `Stopped`, ... */
  readonly status: string;
  /** The runtime line: which runtime ran the code, in plain words (details are folded). */
  readonly runtime: string;
  /** Milliseconds from Run to the first output, as measured in the page. */
  readonly firstOutputMs: number | undefined;
}

/** Waits until the step's current run has ended. */
export async function waitForRunEnd(step: Locator, timeout = 30_000): Promise<void> {
  await step
    .page()
    .waitForFunction(
      (element) => element?.getAttribute('data-state') === 'done',
      await step.elementHandle(),
      {
        timeout,
      },
    );
}

/** Reads what the panel shows now. */
export async function readPanel(step: Locator): Promise<PanelResult> {
  return {
    // The program's output as the reader sees it, without the folded stack frames (recordings
    // drop frames too) and the notice of lines left out of a flood.
    output: await step.locator('[data-step-part="log"]').evaluate((log) => {
      const copy = log.cloneNode(true) as HTMLElement;
      for (const part of copy.querySelectorAll('details.stack, .omitted')) part.remove();
      return copy.textContent ?? '';
    }),
    status: (await step.locator('[data-step-part="status"]').textContent()) ?? '',
    runtime: (await step.locator('[data-step-part="runtime-label"]').textContent()) ?? '',
    firstOutputMs: await step.evaluate((element: HTMLElement) =>
      element.dataset.firstOutputMs === undefined
        ? undefined
        : Number(element.dataset.firstOutputMs),
    ),
  };
}

/** Presses Run and waits for the program to end. */
export async function run(step: Locator): Promise<PanelResult> {
  await step.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForRunEnd(step);
  return readPanel(step);
}

/** Opens the editor and replaces the code with `code`. */
export async function editCode(step: Locator, code: string): Promise<void> {
  const editor = step.locator('.cm-content');
  if (!(await editor.isVisible()))
    await step.getByRole('button', { name: 'Edit', exact: true }).click();
  await editor.waitFor();
  await editor.click();
  await step.page().keyboard.press('ControlOrMeta+A');
  await step.page().keyboard.insertText(code);
}

/** The code in the editor. */
export function editorCode(step: Locator): Promise<string> {
  return step
    .locator('.cm-content')
    .evaluate((element) =>
      [...element.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n'),
    );
}
