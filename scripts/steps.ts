/**
 * `npm run steps:record [-- <page>/<NN-name> ...]`: runs every step (or the named ones) in Node
 * and writes its `recording.json`.
 * `npm run steps:check [-- ...]`: runs them again and fails when a recording is missing or stale.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparableText } from '../src/runtime/index.ts';
import { discoverSteps, readRecording, type Step } from '../src/steps/discover.ts';
import type { Recording } from '../src/steps/recording.ts';
import { recordStep } from './steps/run-in-node.ts';

/** Steps run two at a time: the machine's cores are shared. */
const CONCURRENCY = 2;

/** Serialises a recording the one way the recorder writes it. */
export function serialize(recording: Recording): string {
  return `${JSON.stringify(recording, null, 2)}\n`;
}

/** Calls `task` for every item, at most `limit` at once, keeping the results' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Shows what changed between the stored and the fresh recording. */
function describeChange(step: Step, stored: Recording | undefined, fresh: Recording): string {
  if (stored === undefined)
    return `${step.id}: no recording.json (run: npm run steps:record -- ${step.id})`;
  const lines = [`${step.id}: recording is stale (run: npm run steps:record -- ${step.id})`];
  if (stored.exitCode !== fresh.exitCode) {
    lines.push(`  exit code: recorded ${stored.exitCode}, now ${fresh.exitCode}`);
  }
  const indent = (text: string) => text.replace(/^/gm, '    | ');
  lines.push(
    '  recorded:',
    indent(comparableText(stored.chunks)),
    '  now:',
    indent(comparableText(fresh.chunks)),
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  const [command, ...names] = process.argv.slice(2);
  if (command !== 'record' && command !== 'check') {
    console.error('Usage: tsx scripts/steps.ts record|check [<page>/<NN-name> ...]');
    return 2;
  }
  const steps = discoverSteps(names);
  let failures = 0;
  await mapLimited(steps, CONCURRENCY, async (step) => {
    let fresh: Recording;
    try {
      fresh = await recordStep(step);
    } catch (error) {
      failures++;
      console.error(`✗ ${step.id}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const path = join(step.dir, 'recording.json');
    let stored: Recording | undefined;
    try {
      stored = readRecording(step);
    } catch (error) {
      // A malformed recording is replaced by a fresh one; a check reports it.
      if (command === 'check') {
        failures++;
        console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    const same = stored !== undefined && serialize(stored) === serialize(fresh);
    if (command === 'record') {
      if (!same) writeFileSync(path, serialize(fresh));
      console.log(`${same ? '=' : '✎'} ${step.id} (exit ${fresh.exitCode})`);
    } else if (same) {
      console.log(`✓ ${step.id}`);
    } else {
      failures++;
      console.error(`✗ ${describeChange(step, stored, fresh)}`);
    }
  });
  console.log(`${steps.length} step(s), ${failures} problem(s)`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
