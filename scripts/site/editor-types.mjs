// @ts-check
/**
 * An Astro integration that writes the declaration files the editor's type help needs into
 * `public/runtime/editor-types.json`, one file fetched when the reader starts editing: the
 * library's own `lib/dist/*.d.ts` (as `node_modules/cachify/`) and the TypeScript lib files the
 * examples are checked against (`tutorial-steps/tsconfig.json`: es2022, esnext.disposable, dom),
 * with every lib they reference.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Site path of the bundle; the page passes it to the language service. */
export const EDITOR_TYPES_PATH = '/runtime/editor-types.json';

/** The libs the examples use; the same list as `tutorial-steps/tsconfig.json`. */
export const EDITOR_LIBS = ['es2022', 'esnext.disposable', 'dom'];

/**
 * The lib files for `libs` and every lib they reference, by file name.
 * @param {string} typescriptLib the `typescript/lib` folder
 * @param {readonly string[]} libs lib names as in a tsconfig (`es2022`)
 * @returns {Record<string, string>}
 */
export function libFiles(typescriptLib, libs) {
  /** @type {Record<string, string>} */
  const files = {};
  const pending = [...libs];
  while (pending.length > 0) {
    const name = `lib.${pending.pop()}.d.ts`;
    if (files[name] !== undefined) continue;
    const text = readFileSync(join(typescriptLib, name), 'utf8');
    files[name] = text;
    for (const match of text.matchAll(/\/\/\/\s*<reference\s+lib="([^"]+)"/g)) {
      pending.push(/** @type {string} */ (match[1]));
    }
  }
  return files;
}

/**
 * The bundle: virtual path to file text, as the language service's file system takes it.
 * @param {string} root the repository root
 * @returns {Record<string, string>}
 */
export function editorTypes(root) {
  const dist = join(root, 'lib', 'dist');
  if (!existsSync(join(dist, 'index.d.ts'))) {
    throw new Error(
      'lib/dist/index.d.ts is missing: build the library first (npm run build -w cachify)',
    );
  }
  /** @type {Record<string, string>} */
  const files = {};
  const require = createRequire(join(root, 'package.json'));
  const typescriptLib = dirname(require.resolve('typescript/lib/lib.d.ts'));
  for (const [name, text] of Object.entries(libFiles(typescriptLib, EDITOR_LIBS))) {
    files[`/${name}`] = text;
  }
  files['/node_modules/cachify/package.json'] = readFileSync(
    join(root, 'lib', 'package.json'),
    'utf8',
  );
  for (const name of readdirSync(dist).sort()) {
    if (name.endsWith('.d.ts')) {
      files[`/node_modules/cachify/dist/${name}`] = readFileSync(join(dist, name), 'utf8');
    }
  }
  return files;
}

/** @returns {import('astro').AstroIntegration} */
export default function editorTypesIntegration() {
  return {
    name: 'cachify:editor-types',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const root = fileURLToPath(config.root);
        const target = join(root, 'public', EDITOR_TYPES_PATH);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, JSON.stringify(editorTypes(root)));
      },
    },
  };
}
