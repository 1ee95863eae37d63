/**
 * Runs a program in real Node, as the recorder and the WebContainer do (with the same
 * uncaught-error reporter), for tests that compare the Worker runner with Node.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparableText } from '../../src/runtime/output.ts';
import { ROOT } from '../../src/steps/discover.ts';

/** Masks what differs from run to run: durations (`console.time`) and process ids in warnings. */
export function maskRunDetails(text: string): string {
  return text.replace(/\b\d+(\.\d+)?(ms|s)\b/g, 'N$2').replace(/\(node:\d+\)/g, '(node:PID)');
}

const dir = mkdtempSync(join(tmpdir(), 'cachify-node-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');

/** Writes `code` as an ES module and runs it in Node; its output comparable and masked. */
export async function runInNode(
  name: string,
  code: string,
): Promise<{ text: string; exitCode: number }> {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.js`);
  writeFileSync(file, code);
  // One pipe for both streams keeps their order.
  const { output, exitCode } = await runCommand('/bin/sh', [
    '-c',
    'exec "$0" "$@" 2>&1',
    process.execPath,
    '--import',
    join(ROOT, 'src/runtime/report-uncaught.mjs'),
    file,
  ]);
  return {
    text: maskRunDetails(comparableText([{ stream: 'stdout', text: output }])),
    exitCode,
  };
}

/** Runs a command to its end; resolves with what it printed on stdout and its exit code. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ output: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      output += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ output, exitCode: code ?? -1 }));
  });
}

/** The file `runInNode` wrote for `name`, to run it again elsewhere. */
export function nodeProgramFile(name: string): string {
  return join(dir, `${name.replace(/\W+/g, '-')}.js`);
}
