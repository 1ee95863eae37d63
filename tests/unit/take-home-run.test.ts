/**
 * "Download" gives a project that runs as it is: for every example, the files `takeHomeFiles`
 * builds (the zip's and StackBlitz's content) are written to a folder and run with `npx tsx
 * index.ts` (the repository's own tsx binary, so no download) in real Node, against the library
 * as `npm pack` ships it, installed once beside them. The output must be the step's recording.
 *
 * Node prints an uncaught error its own way (source line, stack, `Node.js v20`), where the
 * guide's runtimes print `Uncaught Name: message`: for those lines the error's `Name: message`
 * must be printed, the rest of the output must match line for line.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { REDIS_URL } from '../../scripts/steps/run-in-node.ts';
import { comparableText } from '../../src/runtime/output.ts';
import { importedPackages, takeHomeFiles } from '../../src/runtime/workbench/take-home.ts';
import { discoverSteps, ROOT, readRecording } from '../../src/steps/discover.ts';
import { packageVersions } from '../../src/steps/package-versions.ts';
import { runCommand } from '../support/run-in-node.ts';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const versions = packageVersions();
const steps = discoverSteps();
let home: string;

/** Runs `index.ts` in `dir` like a reader would, stdout and stderr in one pipe (their order kept). */
function runProject(dir: string): Promise<{ output: string; exitCode: number }> {
  return runCommand('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, TSX, 'index.ts'], {
    cwd: dir,
    env: { ...process.env, REDIS_URL, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}

/** The recording's lines, with `Uncaught Name: message` turned into what Node prints of it. */
function expectedLines(text: string): { lines: string[]; uncaught: string[] } {
  const lines: string[] = [];
  const uncaught: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('Uncaught ')) uncaught.push(line.slice('Uncaught '.length));
    else lines.push(line);
  }
  return { lines, uncaught };
}

// A few projects run at a time (vitest's maxConcurrency): a run is mostly a process starting, or
// an example waiting on a timer or on Redis. Each example uses a prefix of its own on Redis.
describe.concurrent('the downloaded project of each example runs in Node', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'cachify-take-home-'));
    const packed = join(home, 'packed');
    mkdirSync(packed);
    await run('npm', ['pack', '--silent', '--pack-destination', packed], {
      cwd: join(ROOT, 'lib'),
    });
    const tarball = readdirSync(packed).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    writeFileSync(join(home, 'package.json'), '{ "private": true, "type": "module" }\n');
    // The packed library and the Redis clients the examples import, from npm's cache.
    const others = [...new Set(steps.flatMap((step) => importedPackages(step.source)))]
      .filter((name) => name !== 'cachify')
      .map((name) => `${name}@${versions[name] ?? 'latest'}`);
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(packed, tarball), ...others],
      { cwd: home },
    );
  }, 300_000);
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  for (const step of steps) {
    it(`${step.id}`, { timeout: 60_000 }, async ({ expect }) => {
      const requiresRedis = step.meta.requires?.includes('redis') ?? false;
      const files = takeHomeFiles({ step: step.id, code: step.source, requiresRedis, versions });
      expect(JSON.parse(files['package.json'] as string).dependencies.cachify).toBe(
        `^${versions.cachify}`,
      );
      expect(files['README.md']).toContain('npm install && npx tsx index.ts');
      if (requiresRedis) expect(files['README.md']).toContain('needs a Redis server');

      const dir = join(home, step.id.replace('/', '--'));
      mkdirSync(dir, { recursive: true });
      for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
      const { output, exitCode } = await runProject(dir);

      const recording = readRecording(step);
      if (!recording) throw new Error(`${step.id} has no recording`);
      expect(exitCode).toBe(recording.exitCode);
      const { lines, uncaught } = expectedLines(comparableText(recording.chunks).trimEnd());
      const printed = comparableText([{ stream: 'stdout', text: output }])
        .trimEnd()
        .split('\n');
      if (uncaught.length === 0) {
        expect(printed).toEqual(lines);
      } else {
        // Node's report of the uncaught error follows the program's own output.
        expect(printed.slice(0, lines.length)).toEqual(lines);
        for (const error of uncaught) expect(printed).toContain(error);
      }
    });
  }
});
