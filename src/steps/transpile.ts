/**
 * Transpiles a step at build time (for the page and the recorder) with the `esbuild` package, the
 * same options the browser uses with `esbuild-wasm` for edited code (`src/runtime/transpile.ts`).
 *
 * @module
 */
import * as esbuild from 'esbuild';
import { type TranspileFor, transpile } from '../runtime/index.ts';

/** Transpiles one step's `index.ts` for `target`; throws `TranspileError` on invalid code. */
export function transpileStep(source: string, target: TranspileFor): Promise<string> {
  return transpile(esbuild, source, target);
}
