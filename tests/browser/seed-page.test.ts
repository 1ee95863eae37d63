/**
 * The tutorial page "Getting started with locks" in the built site, driven like a reader: the
 * WebContainer is detected as unavailable (the test machine cannot reach the WebContainer service) and the Worker fallback runs;
 * both examples print their recordings; edit, Ctrl/Cmd+Enter, Reset and Stop work; printed markup
 * stays text; nothing below a step moves; search finds the page; no console errors.
 * The measured figures are saved under artifacts/, and screenshots of each state with
 * `SCREENSHOTS=1`.
 *
 * Each test opens its own tab, so the tests pass in any order (`vitest --sequence.shuffle`).
 * How fast a run starts is measured by `npm run bench:site`, not here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { comparableText } from '../../src/runtime/output.ts';
import { readRecording, readStep, STEPS_DIR } from '../../src/steps/discover.ts';
import { recordFigures } from '../support/figures.ts';
import {
  ARTIFACTS_DIR,
  freshTab,
  launchChromium,
  type ServedSite,
  saveScreenshot,
  serveSite,
} from '../support/site.ts';
import { editCode, editorCode, run, waitForRunEnd } from '../support/step-panel.ts';

const PAGE = '/locks/getting-started/';
const FIRST = 'locks-getting-started/01-starting-slow';
const SECOND = 'locks-getting-started/02-lets-break-it';
const first = readStep(FIRST, join(STEPS_DIR, FIRST));
const second = readStep(SECOND, join(STEPS_DIR, SECOND));

/**
 * The WebContainer cannot boot on the test machine: tests about something else than the fallback
 * let it give up at once instead of after the default 4 s.
 */
const QUICK_FALLBACK = '?boot-timeout=1';

const expected = (step: typeof first) =>
  comparableText(readRecording(step)?.chunks ?? []).trimEnd();
const shown = (text: string) => comparableText([{ stream: 'stdout', text }]).trimEnd();
const shot = (page: Page, name: string) =>
  saveScreenshot(page, `seed-${name}.png`, { fullPage: true });
/** The top of the element right after the step, in page coordinates. */
const topOfNext = (step: Locator) =>
  step.evaluate((element) => {
    let next = element.nextElementSibling;
    while (next && next.getBoundingClientRect().height === 0) next = next.nextElementSibling;
    if (!next) throw new Error('nothing follows the step');
    return next.getBoundingClientRect().top + window.scrollY;
  });

describe('the tutorial page in the built site', () => {
  let site: ServedSite;
  let browser: Browser;
  /** Tabs share an HTTP cache (the transpiler is fetched once), never a page. */
  let tabs: BrowserContext;
  /** The test's tab, and what it logged, requested and showed in dialogs. */
  let tab: Page | undefined;
  let errors: string[] = [];
  let dialogs: string[] = [];
  let requested: string[] = [];

  /** Opens the tutorial page in a fresh tab that records console errors, requests and dialogs. */
  async function openPage(query = QUICK_FALLBACK): Promise<Page> {
    const page = await freshTab(tabs);
    tab = page;
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => requested.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${site.url}${PAGE}${query}`);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    [site, browser] = await Promise.all([serveSite(), launchChromium()]);
    tabs = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    await tab?.close();
    tab = undefined;
    const logged = errors;
    [errors, dialogs, requested] = [[], [], []];
    expect(logged, 'console errors').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('loads only the small step script before any interaction', async () => {
    const fresh = await browser.newPage();
    const scripts: { url: string; bytes: number; gzip: number }[] = [];
    const pending: Promise<void>[] = [];
    fresh.on('response', (response) => {
      const type = response.request().resourceType();
      if (type !== 'script') return;
      pending.push(
        response.body().then((body) => {
          scripts.push({ url: response.url(), bytes: body.length, gzip: gzipSync(body).length });
        }),
      );
    });
    await fresh.goto(`${site.url}${PAGE}`, { waitUntil: 'networkidle' });
    await Promise.all(pending);
    await fresh.close();
    const total = scripts.reduce((sum, script) => sum + script.gzip, 0);
    recordFigures({ javascriptBeforeInteraction: { gzipBytes: total, scripts } });
    console.log(
      `JavaScript before interaction: ${(total / 1024).toFixed(1)} KB gzip in ${scripts.length} files`,
    );
    const names = scripts.map((script) => script.url).join('\n');
    expect(names).not.toMatch(/editor|browser-transpile|page-runtime|step-worker|esbuild/);
    expect(total).toBeLessThan(60 * 1024);
  });

  it('teaches with JavaScript off: code and recorded output, no dead buttons', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const off = await context.newPage();
    await off.goto(`${site.url}${PAGE}`);
    const step = off.locator(`cachify-tutorial-step[data-step="${SECOND}"]`);
    expect(await step.locator('[data-step-part="code"]').textContent()).toContain(
      "await lock({ key: 'cool-async-lock' }).acquire()",
    );
    expect(await step.locator('[data-step-part="recorded"]').textContent()).toContain(
      'CachifyLockError: cool-async-lock is already locked!',
    );
    expect(await step.getByRole('button', { name: 'Run', exact: true }).isVisible()).toBe(false);
    await saveScreenshot(off, 'seed-0-javascript-off.png', { fullPage: true });
    await context.close();
  });

  it('is cross-origin isolated and shows code and recorded output before any run', async () => {
    const page = await openPage();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    const step = page.locator(`cachify-tutorial-step[data-step="${SECOND}"]`);
    await expect
      .poll(() => step.locator('[data-step-part="recorded"]').textContent())
      .toContain('CachifyLockError: cool-async-lock is already locked!');
    expect(await step.getByRole('button', { name: 'Run', exact: true }).isVisible()).toBe(true);
    expect(await step.getByRole('log').count()).toBe(1);
    await shot(page, '1-loaded');
  });

  it('falls back to the Web Worker, says why, and prints the first example', async () => {
    // The default boot timeout: the fallback is what this test is about.
    const page = await openPage('');
    const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
    const before = await topOfNext(step);
    const panel = await run(step);
    expect(panel.runtime).toMatch(/^Live output · browser JavaScript(, while Node\.js starts)?$/);
    expect(
      await step.locator('[data-step-part="runtime-details"]').textContent({ timeout: 1000 }),
    ).toMatch(
      /Node\.js (\(a WebContainer\) is starting in the background|cannot start in this browser: .+)/,
    );
    expect(shown(panel.output)).toBe(expected(first));
    expect(shown(panel.output).split('\n')).toEqual([
      'this code is locked',
      'this code is locked, but using async cache',
    ]);
    expect(panel.status).toBe('Exit code 0');
    expect(await topOfNext(step)).toBe(before);
    await shot(page, '2-first-example-run');
  });

  it('prints the warning and the CachifyLockError of the second example', async () => {
    const page = await openPage();
    const step = page.locator(`cachify-tutorial-step[data-step="${SECOND}"]`);
    await step.scrollIntoViewIfNeeded();
    const panel = await run(step);
    expect(shown(panel.output)).toBe(expected(second));
    const lines = shown(panel.output).split('\n');
    expect(lines[0]).toBe('this code is locked and will be executed');
    expect(lines).toContain('cool-async-lock is already locked!');
    expect(
      lines.some((line) => line.endsWith('CachifyLockError: cool-async-lock is already locked!')),
    ).toBe(true);
    expect(panel.status).toBe('Exit code 1');
    await shot(page, '3-second-example-run');
  });

  it('runs edited code with Ctrl/Cmd+Enter, and Reset restores the original', async () => {
    const page = await openPage();
    const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
    await step.scrollIntoViewIfNeeded();
    const before = await topOfNext(step);
    // Unedited code runs as prebuilt at build time: no transpiler was loaded so far.
    expect(requested.filter((url) => /esbuild|browser-transpile/.test(url))).toEqual([]);
    await step.getByRole('button', { name: 'Edit', exact: true }).click();
    await step.locator('.cm-content').waitFor();
    expect(await topOfNext(step)).toBe(before);
    const edited = first.source.replace("'this code is locked'", "'this edited code is locked'");
    expect(edited).not.toBe(first.source);
    await editCode(step, edited);
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForRunEnd(step);
    const output = (await step.locator('[data-step-part="log"]').textContent()) ?? '';
    expect(shown(output).split('\n')).toEqual([
      'this edited code is locked',
      'this code is locked, but using async cache',
    ]);
    expect(requested.some((url) => url.endsWith('/runtime/esbuild.wasm.gz'))).toBe(true);
    await shot(page, '4-edited-run');

    await step.getByRole('button', { name: 'Reset', exact: true }).click();
    expect(await editorCode(step)).toBe(first.source);
    expect(await step.getByRole('button', { name: 'Reset', exact: true }).isDisabled()).toBe(true);
    const panel = await run(step);
    expect(shown(panel.output)).toBe(expected(first));
    await shot(page, '5-reset');
  });

  it('shows printed markup as text', async () => {
    const page = await openPage();
    const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
    await editCode(
      step,
      "console.log('<img src=x onerror=alert(1)>');\nconsole.warn('<b>bold?</b>');\n",
    );
    const panel = await run(step);
    expect(shown(panel.output)).toBe('<img src=x onerror=alert(1)>\n<b>bold?</b>');
    expect(await step.locator('[data-step-part="log"] img, [data-step-part="log"] b').count()).toBe(
      0,
    );
    expect(dialogs).toEqual([]);
    await shot(page, '6-markup-as-text');
  });

  it('shows a syntax error in edited code with its position', async () => {
    const page = await openPage();
    const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
    await editCode(step, 'const broken = ;\n');
    const panel = await run(step);
    expect(shown(panel.output)).toBe('index.ts:1:16: Unexpected ";"');
    expect(panel.status).toBe('Exit code 1');
  });

  it('Stop ends `while (true) {}`', async () => {
    const page = await openPage();
    const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
    await editCode(step, "console.log('spinning');\nwhile (true) {}\n");
    await step.getByRole('button', { name: 'Run', exact: true }).click();
    // The first edited run of a page loads the transpiler first.
    await expect
      .poll(() => step.locator('[data-step-part="log"]').textContent(), { timeout: 30_000 })
      .toContain('spinning');
    expect(await step.getAttribute('data-state')).toBe('running');
    await step.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRunEnd(step, 5_000);
    expect(await step.locator('[data-step-part="status"]').textContent()).toBe('Stopped');
    await shot(page, '7-stopped');
    // The page still works after a stopped program.
    await step.getByRole('button', { name: 'Reset', exact: true }).click();
    expect(shown((await run(step)).output)).toBe(expected(first));
  });

  it('the time limit stops a runaway loop', async () => {
    const limited = await openPage(`${QUICK_FALLBACK}&time-limit=1500`);
    const step = limited.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
    await editCode(step, "console.log('spinning');\nwhile (true) {}\n");
    await step.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRunEnd(step, 15_000);
    expect(await step.locator('[data-step-part="status"]').textContent()).toBe(
      'Stopped: the time limit of 1.5 s passed',
    );
    expect(await step.locator('[data-step-part="log"]').textContent()).toContain('spinning');
    await saveScreenshot(limited, 'seed-7b-time-limit.png', { fullPage: true });
  });

  it('search finds the lock page', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: 'Search' }).first().click();
    const input = page.locator('.pagefind-ui__search-input');
    await input.fill('already locked');
    const result = page.locator(`.pagefind-ui__result-link[href*="${PAGE}"]`).first();
    await result.waitFor({ timeout: 15_000 });
    await shot(page, '8-search');
  });

  it('follows the dark theme', async () => {
    const page = await openPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(theme).toBe('dark');
    await run(page.locator(`cachify-tutorial-step[data-step="${SECOND}"]`));
    await shot(page, '9-dark');
  });
});
