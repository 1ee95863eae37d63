/**
 * The transpiler for edited code: esbuild-wasm, served from this site (never a CDN), loaded and
 * initialised only when a reader runs code they edited.
 *
 * @module
 */
import { type Esbuild, type TranspileFor, transpile } from './transpile.ts';

let loading: Promise<Esbuild> | undefined;

/** Loads esbuild-wasm once per page. `wasmUrl` is the site's copy of `esbuild.wasm`. */
export function loadEsbuild(wasmUrl: string): Promise<Esbuild> {
  loading ??= (async () => {
    const esbuild = await import('esbuild-wasm');
    await esbuild.initialize({ wasmURL: wasmUrl, worker: true });
    return esbuild as unknown as Esbuild;
  })();
  // A failed load may be retried on the next run.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Transpiles edited TypeScript for both runtimes. */
export async function transpileEdited(
  wasmUrl: string,
  source: string,
  modules: Readonly<Record<string, string>>,
): Promise<{ nodeCode: string; workerCode: string }> {
  const esbuild = await loadEsbuild(wasmUrl);
  const worker: TranspileFor = { runtime: 'worker', modules };
  const [nodeCode, workerCode] = await Promise.all([
    transpile(esbuild, source, { runtime: 'node' }),
    transpile(esbuild, source, worker),
  ]);
  return { nodeCode, workerCode };
}
