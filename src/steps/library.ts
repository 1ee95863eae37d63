/**
 * Where the site serves the built library (`lib/dist`, copied by `scripts/site/runtime-files.mjs`)
 * and which file a browser imports for each entry point.
 *
 * Server-side only: read at build time.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Site path of the copied library package (its `package.json` and `dist/`). */
export const LIBRARY_BASE = '/runtime/cachify/';
/** Site path of the esbuild-wasm binary for edited code, gzipped. */
export const ESBUILD_WASM_PATH = '/runtime/esbuild.wasm.gz';

type Exports = string | { [condition: string]: Exports } | null | undefined;

/** The file an exports entry resolves to for a browser's ESM import. */
function resolveCondition(entry: Exports): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry === null || entry === undefined) return undefined;
  for (const condition of ['browser', 'import', 'default']) {
    const resolved = resolveCondition(entry[condition]);
    if (resolved !== undefined && !resolved.endsWith('.d.ts')) return resolved;
  }
  return undefined;
}

/**
 * Site paths of the library's browser modules by specifier (`cachify` only: `cachify/redis` needs
 * Node and a Redis server).
 */
export function browserModules(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'lib', 'package.json'), 'utf8')) as {
    exports?: Record<string, Exports>;
    module?: string;
    main?: string;
  };
  const entry = resolveCondition(manifest.exports?.['.']) ?? manifest.module ?? manifest.main;
  if (entry === undefined) {
    throw new Error('lib/package.json names no ESM entry for "cachify" (exports["."].import)');
  }
  return { cachify: `${LIBRARY_BASE}${entry.replace(/^\.\//, '')}` };
}
