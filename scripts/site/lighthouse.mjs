// @ts-check
/**
 * Lighthouse performance and accessibility of a built page, in the light and the dark theme, with
 * Debian's Chromium against `astro preview` (offline). Not part of `npm test`: Lighthouse is a
 * large download, fetched on demand:
 *
 *   npm run build && npx -y -p lighthouse@12 node scripts/site/lighthouse.mjs [/locks/getting-started/]
 *
 * Writes artifacts/lighthouse-<theme>.json and prints the scores.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const path = process.argv[2] ?? '/locks/getting-started/';
const port = 4300 + Math.floor(Math.random() * 600);
const preview = spawn(
  process.execPath,
  [
    join(root, 'node_modules/astro/astro.js'),
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
  ],
  { stdio: 'ignore' },
);
try {
  const url = `http://127.0.0.1:${port}${path}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error(`astro preview did not answer on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  // Blink's preferred colour scheme: 0 dark, 1 light; Starlight follows it on a first visit.
  for (const [theme, scheme] of [
    ['light', 1],
    ['dark', 0],
  ]) {
    const output = join(root, 'artifacts', `lighthouse-${theme}.json`);
    execFileSync(
      'lighthouse',
      [
        url,
        '--quiet',
        '--only-categories=performance,accessibility',
        '--output=json',
        `--output-path=${output}`,
        `--chrome-flags=--headless=new --no-sandbox --disable-gpu --blink-settings=preferredColorScheme=${scheme}`,
      ],
      {
        env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
        stdio: 'inherit',
      },
    );
    const report = JSON.parse(readFileSync(output, 'utf8'));
    const score = (/** @type {string} */ id) => Math.round(report.categories[id].score * 100);
    console.log(
      `${path} ${theme}: performance ${score('performance')}, accessibility ${score('accessibility')}` +
        ` (LCP ${Math.round(report.audits['largest-contentful-paint'].numericValue)} ms,` +
        ` TBT ${Math.round(report.audits['total-blocking-time'].numericValue)} ms)`,
    );
    writeFileSync(output, JSON.stringify(report));
  }
} finally {
  preview.kill('SIGTERM');
}
