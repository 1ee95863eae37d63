/**
 * The Worker runner's program host must end a program when Node would, and print what Node
 * prints. Each program runs twice: in real Node (with the same uncaught-error reporter the
 * recorder and the WebContainer use) and under `ProgramHost`; the outputs must agree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/steps/discover.ts';
import { comparableText, type OutputChunk } from '../../src/runtime/recording.ts';

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
};

const dir = mkdtempSync(join(tmpdir(), 'cachify-host-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');

function inNode(file: string): { text: string; exitCode: number } {
  // One pipe for both streams keeps their order.
  const result = spawnSync(
    '/bin/sh',
    [
      '-c',
      'exec "$0" "$@" 2>&1',
      process.execPath,
      '--import',
      join(ROOT, 'src/runtime/report-uncaught.mjs'),
      file,
    ],
    { encoding: 'utf8' },
  );
  return {
    text: comparableText([{ stream: 'stdout', text: result.stdout }]),
    exitCode: result.status ?? -1,
  };
}

function inHost(file: string): { text: string; exitCode: number } {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'tests/support/program-host-child.ts'),
      file,
    ],
    { encoding: 'utf8' },
  );
  const events = JSON.parse(result.stdout) as { chunks: OutputChunk[]; exitCode: number };
  return { text: comparableText(events.chunks), exitCode: events.exitCode };
}

describe('the Worker runner program host', () => {
  for (const [name, code] of Object.entries(programs)) {
    it(`${name}, as Node does`, () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.js`);
      writeFileSync(file, code);
      const node = inNode(file);
      expect(inHost(file)).toEqual(node);
    });
  }
});
