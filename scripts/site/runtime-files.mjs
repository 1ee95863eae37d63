// @ts-check
/**
 * An Astro integration that copies what live examples load into `public/runtime/` before dev or
 * build: the built library (`lib/package.json` and `lib/dist/*.js|cjs`, listed in `files.json`
 * for the WebContainer) and esbuild-wasm's binary for edited code, gzipped (14 MB becomes under
 * 4 MB, and the page unpacks it with `DecompressionStream`, so no host has to compress it or
 * send a `Content-Encoding` header). Served from this site, never a CDN.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

/** Files of `lib/dist` a runtime can load: ESM and CJS modules, no types or source maps. */
const RUNTIME_FILE = /\.(?:js|cjs|mjs)$/;

/**
 * @param {string} root the repository root
 * @param {string} [target] where the files go; default `public/runtime` (tests pass their own
 *   folder, so that they never rewrite the one a site build is reading)
 */
export function copyRuntimeFiles(root, target = join(root, 'public', 'runtime')) {
  const lib = join(root, 'lib');
  const dist = join(lib, 'dist');
  if (!existsSync(join(dist, 'index.js'))) {
    throw new Error(
      'lib/dist/index.js is missing: build the library first (npm run build -w cachify)',
    );
  }
  const library = join(target, 'cachify');
  rmSync(library, { recursive: true, force: true });
  mkdirSync(join(library, 'dist'), { recursive: true });

  const files = ['package.json'];
  copyFileSync(join(lib, 'package.json'), join(library, 'package.json'));
  for (const name of readdirSync(dist).sort()) {
    if (!RUNTIME_FILE.test(name)) continue;
    copyFileSync(join(dist, name), join(library, 'dist', name));
    files.push(`dist/${name}`);
  }
  writeFileSync(join(library, 'files.json'), `${JSON.stringify(files)}\n`);

  const require = createRequire(join(root, 'package.json'));
  const wasm = join(dirname(require.resolve('esbuild-wasm/package.json')), 'esbuild.wasm');
  const packed = join(target, 'esbuild.wasm.gz');
  rmSync(join(target, 'esbuild.wasm'), { force: true });
  // Packing takes seconds: done again only when esbuild-wasm changed.
  if (!existsSync(packed) || statSync(packed).mtimeMs < statSync(wasm).mtimeMs) {
    writeFileSync(packed, gzipSync(readFileSync(wasm), { level: constants.Z_BEST_COMPRESSION }));
  }
}

/** @returns {import('astro').AstroIntegration} */
export default function runtimeFiles() {
  return {
    name: 'cachify:runtime-files',
    hooks: {
      'astro:config:setup': ({ config }) => {
        copyRuntimeFiles(fileURLToPath(config.root));
      },
    },
  };
}
