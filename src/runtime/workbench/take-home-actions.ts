/**
 * Download and Open in StackBlitz, in the browser. Loaded on the first click, and each loads its
 * library (fflate, `@stackblitz/sdk`) only then.
 *
 * @module
 */
import { archiveName, stackBlitzProject, type TakeHomeStep, takeHomeFiles } from './take-home.ts';

/** Saves the project as `<name>.zip`, its files in one folder `<name>/`. */
export async function downloadProject(input: TakeHomeStep): Promise<void> {
  const { strToU8, zipSync } = await import('fflate');
  const name = archiveName(input.step);
  const entries = Object.entries(takeHomeFiles(input)).map(
    ([path, text]) => [`${name}/${path}`, strToU8(text)] as const,
  );
  const zip = zipSync(Object.fromEntries(entries));
  const url = URL.createObjectURL(new Blob([zip], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.zip`;
  link.click();
  // The download has started by the time the click returns; the URL is freed a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Opens the project in StackBlitz, in a new tab. */
export async function openInStackBlitz(input: TakeHomeStep): Promise<void> {
  const { default: sdk } = await import('@stackblitz/sdk');
  sdk.openProject(stackBlitzProject(input), { openFile: 'index.ts', newWindow: true });
}
