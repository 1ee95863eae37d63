/**
 * How fast a live example starts in the built site: Run to first output of the first example of
 * "Getting started with locks", with the Web Worker runner (the WebContainer cannot boot on the
 * test machine), over 21 runs after the page has chosen its runtime. Prints p50 and p90 and adds
 * them to `artifacts/figures.json` as `runToFirstOutputMs`.
 *
 * Run: `npm run build && npm run bench:site` (`SITE_DIR` as for the browser tests).
 */
import { join } from 'node:path';
import { comparableText } from '../src/runtime/index.ts';
import { readRecording, readStep, STEPS_DIR } from '../src/steps/discover.ts';
import { recordFigures } from '../tests/support/figures.ts';
import { launchChromium, serveSite } from '../tests/support/site.ts';
import { run } from '../tests/support/step-panel.ts';

const PAGE = '/locks/getting-started/';
const STEP = 'locks-getting-started/01-starting-slow';
/** Runs measured from Run to first output, after the runtime is chosen. */
const TIMED_RUNS = 21;

const step = readStep(STEP, join(STEPS_DIR, STEP));
const expected = comparableText(readRecording(step)?.chunks ?? []).trimEnd();
const shown = (text: string) => comparableText([{ stream: 'stdout', text }]).trimEnd();

const [site, browser] = await Promise.all([serveSite(), launchChromium({ tieredWasm: true })]);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${site.url}${PAGE}`);
  const panel = page.locator(`cachify-tutorial-step[data-step="${STEP}"]`);
  // The first run chooses the page's runtime; it is not timed.
  const first = await run(panel);
  const runtime = first.runtime;
  const samples: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const result = await run(panel);
    if (shown(result.output) !== expected) {
      throw new Error(`run ${i + 1} printed something else than the recording:\n${result.output}`);
    }
    if (result.firstOutputMs === undefined) throw new Error(`run ${i + 1} reported no timing`);
    samples.push(result.firstOutputMs);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length / 2)];
  const p90 = samples[Math.floor(samples.length * 0.9)];
  recordFigures({
    runToFirstOutputMs: { runtime: 'worker', runs: samples.length, p50, p90, samples },
  });
  console.log(runtime);
  console.log(
    `Run to first output (Web Worker): p50 ${p50} ms, p90 ${p90} ms over ${samples.length} runs`,
  );
} finally {
  await browser.close();
  await site.stop();
}
