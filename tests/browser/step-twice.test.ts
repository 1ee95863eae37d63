/**
 * One step placed twice on a page: each placement has ids of its own, and both run, each in its
 * own panel.
 *
 * No page of the guide places a step twice, and the build has no pages for tests only. So the
 * built page is served with a second placement after the first, made from the first as the
 * component makes one: the same markup, its ids on the base `stepIdBase` gives a second
 * placement. An id of the step that is not on its base stays as it is, and is then found twice.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepIdBase } from '../../src/components/TutorialStep/step-ids.ts';
import { comparableText } from '../../src/runtime/output.ts';
import { readRecording, readStep, STEPS_DIR } from '../../src/steps/discover.ts';
import { launchChromium, type ServedSite, serveSite } from '../support/site.ts';
import { readPanel, waitForRunEnd } from '../support/step-panel.ts';

const PAGE = '/locks/getting-started/';
/** A step with an exercise and take-home tools under it, so their markup is placed twice too. */
const STEP = 'locks-getting-started/02-lets-break-it';
const recording = readRecording(readStep(STEP, join(STEPS_DIR, STEP)));

/** `html` with a second placement of `step` right after its first. */
function placeTwice(html: string, step: string): string {
  const start = html.indexOf(`<cachify-tutorial-step data-step="${step}"`);
  const endTag = '</cachify-tutorial-step>';
  const end = html.indexOf(endTag, start) + endTag.length;
  if (start === -1 || end < start) throw new Error(`${step} is not on the page`);
  // The bases the component gives the first and the second placement on one page.
  const locals = {};
  const [first, second] = [stepIdBase(locals, step), stepIdBase(locals, step)];
  const copy = html
    .slice(start, end)
    .replace(/(\sid=")([^"]*)"/g, (_match, attribute: string, id: string) =>
      id.startsWith(first) ? `${attribute}${second}${id.slice(first.length)}"` : _match,
    );
  return `${html.slice(0, end)}\n${copy}${html.slice(end)}`;
}

describe('a step placed twice on one page', () => {
  let site: ServedSite;
  let browser: Browser;
  let tab: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [site, browser] = await Promise.all([serveSite(), launchChromium()]);
    tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    tab.on('pageerror', (error) => errors.push(String(error)));
    tab.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await tab.route(`${site.url}${PAGE}**`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: placeTwice(await response.text(), STEP) });
    });
    // The WebContainer cannot boot here: the Worker runs at once instead of after 4 s.
    await tab.goto(`${site.url}${PAGE}?boot-timeout=1`);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('gives each placement ids of its own', async () => {
    const placements = tab.locator(`cachify-tutorial-step[data-step="${STEP}"]`);
    expect(await placements.count()).toBe(2);
    const ids = await tab.evaluate(() =>
      [...document.querySelectorAll('[id]')].map((element) => element.id),
    );
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(repeated).toEqual([]);
    const outputIds = await placements
      .locator('[data-step-part="output"]')
      .evaluateAll((outputs) => outputs.map((output) => output.id));
    expect(outputIds).toHaveLength(2);
    expect(outputIds[0]).not.toBe(outputIds[1]);
  });

  it('runs both, each in its own panel', async () => {
    const placements = tab.locator(`cachify-tutorial-step[data-step="${STEP}"]`);
    const [first, second] = [placements.nth(0), placements.nth(1)];
    await first.getByRole('button', { name: 'Run', exact: true }).click();
    await second.getByRole('button', { name: 'Run', exact: true }).click();
    await Promise.all([waitForRunEnd(first), waitForRunEnd(second)]);
    const expected = comparableText(recording?.chunks ?? []).trimEnd();
    for (const placement of [first, second]) {
      const panel = await readPanel(placement);
      expect(comparableText([{ stream: 'stdout', text: panel.output }]).trimEnd()).toBe(expected);
      expect(panel.status).toBe(`Exit code ${recording?.exitCode}`);
      // Each placement's exercise checks its own run.
      await expect
        .poll(() => placement.locator('[data-exercise-part="status"]').getAttribute('data-result'))
        .toBe('unmet');
    }
    expect(errors).toEqual([]);
  });
});
