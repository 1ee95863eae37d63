/**
 * The built package as users get it (`npm test` builds first): both `using` forms compiled by
 * TypeScript and by esbuild run on this Node, through `import` and through `require`; and the
 * core bundles for the browser without any Node built-in.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { build, transform } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const libDir = fileURLToPath(new URL('..', import.meta.url));

/** The guide's first example: one lock object in both worlds. */
const example = (importLine: string) => `${importLine}
initCachify();
async function main() {
  {
    using held = lock({ key: 'cool-sync-lock' }).acquireSync();
    console.log('this code is locked', typeof held.fencingToken);
  }
  {
    await using held = await lock({ key: 'cool-async-lock' }).acquire();
    console.log('this code is locked, but using async cache', held.key);
  }
  console.log('released', lock({ key: 'cool-sync-lock' }).isLockedSync(), await lock({ key: 'cool-async-lock' }).isLocked());
}
main();
`;

const expected = [
  'this code is locked bigint',
  'this code is locked, but using async cache cool-async-lock',
  'released false false',
];

let dir: string;
beforeAll(async () => {
  // Beside the package, so that `cachify` resolves through the workspace like an installed one.
  dir = await mkdtemp(join(libDir, '..', 'node_modules', '.cachify-package-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runFile(name: string, code: string): Promise<string[]> {
  const file = join(dir, name);
  await writeFile(file, code);
  const { stdout } = await run(process.execPath, [file], { timeout: 20_000 });
  return stdout.trim().split('\n');
}

describe('the built package', () => {
  const esm = example("import { initCachify, lock } from 'cachify';");
  const cjs = example("const { initCachify, lock } = require('cachify');");

  it('runs both using forms compiled by TypeScript (ES2022), as ESM and CJS', async () => {
    const options = { target: ts.ScriptTarget.ES2022, lib: ['esnext'] };
    const asEsm = ts.transpileModule(esm, {
      compilerOptions: { ...options, module: ts.ModuleKind.ESNext },
    }).outputText;
    const asCjs = ts.transpileModule(cjs, {
      compilerOptions: { ...options, module: ts.ModuleKind.CommonJS },
    }).outputText;
    expect(await runFile('ts.mjs', asEsm)).toEqual(expected);
    expect(await runFile('ts.cjs', asCjs)).toEqual(expected);
  });

  it('runs both using forms compiled by esbuild (es2022), as ESM and CJS', async () => {
    const asEsm = (await transform(esm, { loader: 'ts', target: 'es2022', format: 'esm' })).code;
    const asCjs = (await transform(cjs, { loader: 'ts', target: 'es2022', format: 'cjs' })).code;
    expect(await runFile('esbuild.mjs', asEsm)).toEqual(expected);
    expect(await runFile('esbuild.cjs', asCjs)).toEqual(expected);
  });

  it("type-checks a user's code against the published declarations (Node and bundler setups)", async () => {
    const file = join(dir, 'user.ts');
    await writeFile(
      file,
      `import { cached, initCachify, lock, locked, type LockHandle } from 'cachify';
       import type { RedisBackend } from 'cachify/redis';
       initCachify();
       export async function main(backend?: RedisBackend): Promise<void> {
         void backend;
         {
           using held = lock({ key: 'cool-sync-lock' }).acquireSync();
           const token: bigint = held.fencingToken;
           void token;
         }
         {
           await using held = await lock({ key: 'cool-async-lock', nowait: false, timeout: 4000 }).acquire();
           const handle: LockHandle = held;
           const signal: AbortSignal = handle.signal;
           void signal;
         }
         const add = locked({ key: 'add-{0}' }, (a: number, b: number) => a + b);
         const sum: number = add(1, 2);
         const busy: Promise<boolean> = add.isLocked(1, 2);
         const square = cached({ key: (x: number) => \`sq-\${x}\` }, async (x: number) => x * x);
         const result: Promise<number> = square(3);
         await square.reset(3);
         const prices = cached(
           {
             key: 'prices-{0}',
             encode: (map) => JSON.stringify([...map]),
             decode: (stored) => new Map<string, number>(JSON.parse(String(stored))),
           },
           async (currency: string) => new Map([[currency, 1]]),
         );
         const tea: number | undefined = (await prices('EUR')).get('tea');
         void sum; void busy; void result; void tea;
       }`,
    );
    const setups: ts.CompilerOptions[] = [
      {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'],
      },
      {
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
        lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
      },
    ];
    for (const setup of setups) {
      const program = ts.createProgram([file], {
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
        strict: true,
        noEmit: true,
        ...setup,
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(problems).toEqual([]);
    }
    // Two whole TypeScript programs: seconds on an idle machine, far longer on a loaded one.
  }, 180_000);

  it('import and require give the same classes, shared with cachify/redis', async () => {
    const lines = await runFile(
      'same.cjs',
      `const core = require('cachify');
       const redis = require('cachify/redis');
       import('cachify').then((esm) => {
         console.log(Object.keys(esm).sort().join(',') === Object.keys(core).sort().join(','));
         console.log(typeof redis.redisBackend);
       });`,
    );
    expect(lines).toEqual(['true', 'function']);
  });

  it('the core bundles for the browser with no Node built-in, and dist/index.js imports nothing', async () => {
    const result = await build({
      entryPoints: [join(libDir, 'src/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.every((input) => input.includes('lib/src/') || input.startsWith('src/'))).toBe(
      true,
    );
    const dist = await readFile(join(libDir, 'dist/index.js'), 'utf8');
    expect(dist).not.toMatch(/^\s*import\s.*from\s+['"](?!\.\/)/m);
    expect(dist).not.toMatch(/\brequire\(/);
  });

  it("runs TypeScript's using on a runtime without Symbol.dispose once the guide's polyfill defines them", async () => {
    // A fresh realm has no Symbol.dispose / Symbol.asyncDispose (Node.js adds them to its own).
    const cjs = example("const { initCachify, lock } = require('cachify');");
    const compiled = ts.transpileModule(cjs, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    }).outputText;
    const page = await readFile(
      join(libDir, '../src/content/docs/getting-started/run-locally.mdx'),
      'utf8',
    );
    const polyfill = page.match(/```ts title="polyfill.ts"\n([\s\S]*?)```/)?.[1] ?? '';
    expect(polyfill).toContain('Symbol.asyncDispose');
    const runInFreshRealm = async (prelude: string) => {
      const lines: string[] = [];
      const context = vm.createContext({
        console: { log: (...args: unknown[]) => lines.push(args.join(' ')) },
        setTimeout,
        clearTimeout,
        AbortController,
        crypto: globalThis.crypto,
      });
      const modules = new Map<string, { exports: unknown }>();
      const load = (file: string): unknown => {
        const cached = modules.get(file);
        if (cached) return cached.exports;
        const module = { exports: {} };
        modules.set(file, module);
        const factory = vm.runInContext(
          `(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`,
          context,
        );
        factory(module, module.exports, (name: string) =>
          name === 'cachify'
            ? load(join(libDir, 'dist/index.cjs'))
            : load(join(dirname(file), name)),
        );
        return module.exports;
      };
      // cachify loads first, as an ES module's imports run before its own code.
      load(join(libDir, 'dist/index.cjs'));
      vm.runInContext(ts.transpile(prelude), context);
      const main = join(dir, 'realm.cjs');
      await writeFile(main, compiled.replace('main();', 'module.exports = main();'));
      await (load(main) as Promise<void>).catch((error: Error) => lines.push(String(error)));
      return lines;
    };
    expect(await runInFreshRealm('')).toEqual(['TypeError: Symbol.dispose is not defined.']);
    expect(await runInFreshRealm(polyfill)).toEqual(expected);
  });
});
