/**
 * The Worker runner's program host must end a program when Node would, and print what Node
 * prints. Each program runs twice: in real Node 20 (with the same uncaught-error reporter the
 * recorder and the WebContainer use) and under `ProgramHost`; the outputs must agree. Timings
 * (`console.time`) and process ids in warnings differ from run to run and are masked in both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { comparableText, type OutputChunk } from '../../src/runtime/output.ts';
import { ROOT } from '../../src/steps/discover.ts';
import { maskRunDetails, nodeProgramFile, runCommand, runInNode } from '../support/run-in-node.ts';

const programs: Record<string, string> = {
  'waits for a pending timer': "setTimeout(() => console.log('later'), 20);\nconsole.log('now');\n",
  'does not wait for an unref-ed timer':
    "const t = setTimeout(() => console.log('never'), 60_000);\nt.unref();\nconsole.log('done');\n",
  'runs an interval until it is cleared':
    "let n = 0;\nconst i = setInterval(() => {\n  console.log('tick', ++n);\n  if (n === 3) clearInterval(i);\n}, 1);\n",
  'reports an error thrown in a timer and exits 1':
    "console.log('start');\nsetTimeout(() => { throw new RangeError('late'); }, 5);\n",
  'reports a rejected top-level await and exits 1':
    "console.warn('about to fail');\nawait Promise.reject(new TypeError('bad input'));\nconsole.log('unreachable');\n",
  'prints objects, bigints and format strings like Node':
    "console.log({ key: 'k', token: 3n }, [1, 'a']);\nconsole.error('%s=%d', 'n', 42);\n",
  'reports a rejection left unhandled at the end and exits 1':
    "console.log('start');\nPromise.reject(new Error('nobody caught me'));\n",
  'reports a rejection with a value that is not an Error':
    "Promise.reject(42);\nconsole.log('printed first');\n",
  'reports a rejection in a timer after the module ended':
    "setTimeout(() => { Promise.reject(new TypeError('late rejection')); }, 5);\n",
  'prints a thrown non-error as Node shows it': "console.log('before');\nthrow { code: 42 };\n",
  'prints a thrown string': "throw 'plain string';\n",
  'process.exit(code) ends at once with that code':
    "console.log('one');\nprocess.exit(3);\nconsole.log('never');\n",
  'process.exit() inside a timer':
    "setTimeout(() => { console.log('t'); process.exit(2); }, 1);\nsetTimeout(() => console.log('never'), 50);\n",
  'process.exitCode is the exit code of a program that ends':
    "process.exitCode = 4;\nconsole.log('set');\n",
  'process.stdout.write and process.stderr.write print without a newline':
    "process.stdout.write('a');\nprocess.stdout.write('b\\n');\nprocess.stderr.write('to stderr\\n');\nconsole.log(process.stdout.write('c\\n'));\n",
  'process.env, argv, nextTick and hrtime exist':
    'console.log(typeof process.env, Array.isArray(process.argv), process.argv.length >= 2);\n' +
    "process.nextTick((a, b) => console.log('tick', a, b), 1, 2);\n" +
    'const [s, ns] = process.hrtime(process.hrtime());\nconsole.log(s, ns >= 0, typeof process.hrtime.bigint());\n',
  'setImmediate runs after the current code and keeps the program alive':
    "setImmediate((x) => console.log('immediate', x), 'arg');\nconsole.log('now');\nconst i = setImmediate(() => console.log('never'));\nclearImmediate(i);\n",
  'console.table prints tables as Node':
    "console.table([{ a: 1, b: 'x' }, { a: 22, c: [1, 2, 3, 4] }]);\n" +
    "console.table({ x: { y: 1, z: { deep: true } } }, ['y', 'z']);\n" +
    "console.table([1, 'two', { three: 3 }]);\nconsole.table(new Map([['k', 1], ['l', { m: 2 }]]));\n" +
    "console.table(new Set(['s', 't']));\nconsole.table(5);\nconsole.table([]);\n",
  'console.count, countReset and assert as Node':
    "console.count();\nconsole.count();\nconsole.count('x');\nconsole.countReset();\nconsole.count();\nconsole.countReset('nope');\n" +
    "console.assert(true, 'fine');\nconsole.assert(false, 'failed %s', 'here');\nconsole.assert(false);\nconsole.assert(0, { a: 1 });\n",
  'console.group indents everything inside it':
    "console.group('outer');\nconsole.log('a\\nb');\nconsole.group();\nconsole.warn('deeper');\nconsole.table([1]);\nconsole.groupEnd();\nconsole.groupEnd();\nconsole.groupEnd();\nconsole.log('back');\n",
  'console.time, timeLog and timeEnd as Node':
    "console.time();\nconsole.timeLog(undefined, 'extra', 1);\nconsole.timeEnd();\nconsole.timeEnd('missing');\nconsole.time('t');\nconsole.time('t');\nconsole.timeEnd('t');\n",
  'console.trace prints Trace: and the message to stderr':
    "console.trace('here %d', 1);\nconsole.trace();\nconsole.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });\n",
};

/**
 * The host's child script, bundled once: the tsx CLI would start two Node processes and its loader
 * for each program.
 */
let hostDir: string;
let hostScript: string;

beforeAll(async () => {
  hostDir = mkdtempSync(join(tmpdir(), 'cachify-program-host-'));
  hostScript = join(hostDir, 'program-host-child.mjs');
  await esbuild.build({
    entryPoints: [join(ROOT, 'tests/support/program-host-child.ts')],
    outfile: hostScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
});
afterAll(() => rmSync(hostDir, { recursive: true, force: true }));

async function inHost(file: string): Promise<{ text: string; exitCode: number }> {
  const { output } = await runCommand(process.execPath, [hostScript, file]);
  const events = JSON.parse(output) as { chunks: OutputChunk[]; exitCode: number };
  return { text: maskRunDetails(comparableText(events.chunks)), exitCode: events.exitCode };
}

// Each program runs in processes of its own, so a few run at a time.
describe.concurrent('the Worker runner program host', () => {
  for (const [name, code] of Object.entries(programs)) {
    it(`${name}, as Node does`, async ({ expect }) => {
      const node = await runInNode(name, code);
      expect(await inHost(nodeProgramFile(name))).toEqual(node);
    });
  }
});
