import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { TranspileError, transpile } from '../../src/runtime/transpile.ts';

const source = `import { initCachify, lock } from 'cachify';
initCachify();
await using held = await lock({ key: 'k' }).acquire();
const n: number = 1;
console.log(held.key, n);
`;

describe('transpiling a step', () => {
  it('for Node, keeps bare imports and lowers `await using` for es2022', async () => {
    const code = await transpile(esbuild, source, { runtime: 'node' });
    expect(code).toMatch(/from\s+"cachify"/);
    expect(code).not.toMatch(/await using/);
    expect(code).not.toMatch(/: number/);
  });

  it('for the Worker, points `cachify` at the browser build', async () => {
    const code = await transpile(esbuild, source, {
      runtime: 'worker',
      modules: { cachify: '/runtime/cachify/dist/index.js' },
    });
    expect(code).toContain('"/runtime/cachify/dist/index.js"');
    expect(code).not.toMatch(/from\s+"cachify"/);
  });

  it('names a module the Worker cannot import', async () => {
    const failure = transpile(
      esbuild,
      "import { redisBackend } from 'cachify/redis';\nconsole.log(redisBackend);",
      {
        runtime: 'worker',
        modules: { cachify: '/x.js' },
      },
    );
    await expect(failure).rejects.toThrow(TranspileError);
    await expect(failure).rejects.toThrow(/"cachify\/redis" cannot be imported in the browser/);
  });

  it('reports a syntax error with its line and column', async () => {
    const failure = transpile(esbuild, 'const x = ;\n', { runtime: 'node' });
    await expect(failure).rejects.toThrow(/^index\.ts:1:11: Unexpected ";"/);
  });
});
