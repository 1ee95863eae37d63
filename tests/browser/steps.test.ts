/**
 * Every step that runs in the browser, run in the built site by pressing Run: the live panel must
 * show what the step's recording shows (recorded in Node). Data-driven over `tutorial-steps/`, so
 * a new step is covered without new test code. With `SCREENSHOTS=1`, a screenshot of each page
 * after its runs is saved under artifacts/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableText } from '../../src/runtime/output.ts';
import { discoverSteps, readRecording } from '../../src/steps/discover.ts';
import { exerciseOf } from '../../src/steps/step-meta.ts';
import {
  ARTIFACTS_DIR,
  freshTab,
  launchChromium,
  pagesWithSteps,
  type ServedSite,
  saveScreenshot,
  serveSite,
} from '../support/site.ts';
import { run } from '../support/step-panel.ts';

const steps = discoverSteps();
const browserSteps = new Map(
  steps.filter((step) => step.meta.browser !== false).map((step) => [step.id, step]),
);
const pages = pagesWithSteps()
  .map((page) => ({ ...page, steps: page.steps.filter((id) => browserSteps.has(id)) }))
  .filter((page) => page.steps.length > 0);
const placed = new Set(pages.flatMap((page) => page.steps));

/** `page-<path>.png` for a page path such as `/locks/methods/`. */
function screenshotName(path: string): string {
  const name = path.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'index';
  return `page-${name}.png`;
}

describe('steps in the built site', () => {
  let site: ServedSite;
  let browser: Browser;
  /** Tabs share an HTTP cache, as a reader's do, never a page. */
  let tabs: BrowserContext;
  /**
   * Run to first output of the first Run on each page (a fresh tab: nothing warmed but hover and
   * the HTTP cache; `npm run bench:site` measures it from a cold start).
   */
  const firstOutput: { page: string; ms: number }[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    [site, browser] = await Promise.all([serveSite(), launchChromium()]);
    tabs = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    if (firstOutput.length > 0) {
      const sorted = firstOutput.map((entry) => entry.ms).sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      const worst = firstOutput.reduce((a, b) => (b.ms > a.ms ? b : a));
      writeFileSync(
        join(ARTIFACTS_DIR, 'first-output.json'),
        `${JSON.stringify({ median, worst, pages: firstOutput }, null, 2)}\n`,
      );
      console.log(
        `First Run to first output: median ${median} ms, worst ${worst.ms} ms (${worst.page}) over ${sorted.length} pages`,
      );
    }
    await browser?.close();
    await site?.stop();
  });

  for (const page of pages) {
    it(`on ${page.path}, each step's live output matches its recording`, async () => {
      const tab = await freshTab(tabs);
      const errors: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      tab.on('pageerror', (error) => errors.push(String(error)));
      // The WebContainer cannot boot here: fall back at once rather than after the default 4 s
      // (seed-page.test.ts covers the fallback with the default timeout).
      await tab.goto(`${site.url}${page.path}?boot-timeout=1`);
      expect(await tab.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);

      for (const id of page.steps) {
        const step = tab.locator(`cachify-tutorial-step[data-step="${id}"]`);
        await step.scrollIntoViewIfNeeded();
        const recording = readRecording(
          browserSteps.get(id) as NonNullable<ReturnType<typeof browserSteps.get>>,
        );
        expect(recording, `${id} has no recording.json`).toBeDefined();
        const panel = await run(step);
        expect(panel.runtime, id).toMatch(
          /^Live output · (browser JavaScript(, while Node\.js starts)?|Node\.js in your browser)$/,
        );
        if (id === page.steps[0] && panel.firstOutputMs !== undefined) {
          firstOutput.push({ page: page.path, ms: panel.firstOutputMs });
        }
        expect(
          comparableText([{ stream: 'stdout', text: `${panel.output}\n` }]).trimEnd(),
          id,
        ).toBe(comparableText(recording?.chunks ?? []).trimEnd());
        expect(panel.status, id).toBe(`Exit code ${recording?.exitCode}`);
      }
      await saveScreenshot(tab, screenshotName(page.path), { fullPage: true });
      expect(errors).toEqual([]);
      await tab.close();
    });
  }

  const nodeOnly = new Set(
    steps.filter((step) => step.meta.browser === false).map((step) => step.id),
  );
  const nodeOnlyPages = pagesWithSteps()
    .map((page) => ({ ...page, steps: page.steps.filter((id) => nodeOnly.has(id)) }))
    .filter((page) => page.steps.length > 0);
  for (const page of nodeOnlyPages) {
    it(`on ${page.path}, Node-only steps show their recording and say why they do not run here`, async () => {
      const tab = await freshTab(tabs);
      await tab.goto(`${site.url}${page.path}`);
      for (const id of page.steps) {
        const step = tab.locator(`cachify-tutorial-step[data-step="${id}"]`);
        expect(await step.getByRole('button', { name: 'Run', exact: true }).count(), id).toBe(0);
        expect(await step.locator('.node-only').textContent(), id).toMatch(
          /Runs in Node\.js( with Redis)?, not in the browser/,
        );
        const recording = readRecording(steps.find((s) => s.id === id) as (typeof steps)[number]);
        const recorded =
          (await step.locator('[data-step-part="recorded"] pre').textContent()) ?? '';
        const first = comparableText(recording?.chunks ?? []).split('\n')[0] ?? '';
        expect(recorded, id).toContain(first);
      }
      // A page whose steps all run in Node still gets its screenshot, with the recorded output.
      if (!pages.some((shown) => shown.path === page.path)) {
        await saveScreenshot(tab, screenshotName(page.path), { fullPage: true });
      }
      await tab.close();
    });
  }

  // An exercise's solution is shown behind "Show solution", and run live by workbench.test.ts.
  const solutions = new Set(
    steps.flatMap((step) => {
      const exercise = exerciseOf(step.meta, step.id);
      return exercise ? [exercise.solution] : [];
    }),
  );
  const unplaced = [...browserSteps.keys()].filter((id) => !placed.has(id) && !solutions.has(id));
  for (const id of unplaced) it.skip(`${id} (not placed on any page yet)`, () => {});
});
