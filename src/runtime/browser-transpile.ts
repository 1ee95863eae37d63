/**
 * The transpiler for edited code: esbuild-wasm, served from this site (never a CDN), loaded and
 * initialised only when a reader runs code they edited.
 *
 * @module
 */
import { type Esbuild, type TranspileFor, transpile } from './transpile.ts';

let loading: Promise<Esbuild> | undefined;

/**
 * Loads esbuild-wasm once per page. `wasmUrl` is the site's gzipped copy of `esbuild.wasm`
 * (`esbuild.wasm.gz`), unpacked here, so it travels compressed from any static host.
 */
export function loadEsbuild(wasmUrl: string): Promise<Esbuild> {
  loading ??= (async () => {
    const [esbuild, wasmModule] = await Promise.all([
      import('esbuild-wasm'),
      compileGzippedWasm(wasmUrl),
    ]);
    await esbuild.initialize({ wasmModule, worker: true });
    return esbuild as unknown as Esbuild;
  })();
  // A failed load may be retried on the next run.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Fetches and compiles the gzipped binary. Some servers (Vite's preview among them) label a `.gz`
 * file `Content-Encoding: gzip`, so the browser has unpacked it already: the bytes tell which.
 */
async function compileGzippedWasm(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`could not load the transpiler from ${url} (HTTP ${response.status})`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gzipped) return WebAssembly.compile(bytes);
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return WebAssembly.compile(await new Response(unpacked).arrayBuffer());
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
