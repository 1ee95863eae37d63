/**
 * Measured figures of the site (script weight, run latency), gathered in `artifacts/figures.json`
 * by the browser tests and `npm run bench:site`, each adding its own entries.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from './site.ts';

/** The file the figures go to. */
export const FIGURES_FILE = join(ARTIFACTS_DIR, 'figures.json');

/** Adds `figures` to `artifacts/figures.json`, replacing entries of the same name. */
export function recordFigures(figures: Record<string, unknown>): void {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const recorded: Record<string, unknown> = existsSync(FIGURES_FILE)
    ? JSON.parse(readFileSync(FIGURES_FILE, 'utf8'))
    : {};
  writeFileSync(FIGURES_FILE, `${JSON.stringify({ ...recorded, ...figures }, null, 2)}\n`);
}
