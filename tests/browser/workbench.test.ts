/**
 * The editor as a reader's workbench, in the built site in Chromium: TypeScript help while
 * editing (errors marked, completions, hover types, from a Web Worker loaded only then), edits
 * kept across reloads and pages until Reset, exercises checked against the goal, and the code
 * taken home (the zip Download saves and the project Open in StackBlitz posts through the SDK
 * hold the files `takeHomeFiles` builds). Figures go to artifacts/workbench-figures.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_DELAY_MS } from '../../src/runtime/editor/type-help.ts';
import { comparableText } from '../../src/runtime/output.ts';
import { archiveName, takeHomeFiles } from '../../src/runtime/workbench/take-home.ts';
import { discoverSteps, readRecording, readStep, STEPS_DIR } from '../../src/steps/discover.ts';
import { packageVersions } from '../../src/steps/package-versions.ts';
import { exerciseOf } from '../../src/steps/step-meta.ts';
import {
  ARTIFACTS_DIR,
  guidePages,
  launchChromium,
  type ServedSite,
  saveScreenshot,
  serveSite,
} from '../support/site.ts';
import { editCode, editorCode, readPanel, run, waitForRunEnd } from '../support/step-panel.ts';

const PAGE = '/locks/getting-started/';
const FIRST = 'locks-getting-started/01-starting-slow';
const first = readStep(FIRST, join(STEPS_DIR, FIRST));

/** Every exercise, with the page that places its step. */
const exercises = discoverSteps().flatMap((step) => {
  const exercise = exerciseOf(step.meta, step.id);
  const page = guidePages().find((candidate) => candidate.steps.includes(step.id));
  return exercise && page ? [{ step, exercise, page: page.path }] : [];
});

/** How long a poll waits for a state: generous, for a busy machine; never a measure of speed. */
const STATE_TIMEOUT = { timeout: 30_000 };

const stepOn = (page: Page, id: string) => page.locator(`cachify-tutorial-step[data-step="${id}"]`);

/** Waits until the step's type help is running. */
async function waitForTypeHelp(step: Locator): Promise<void> {
  await step.locator('.cm-content').waitFor();
  await expect.poll(() => step.getAttribute('data-type-help'), { timeout: 60_000 }).toBe('ready');
}

describe('the editor as a workbench', () => {
  let site: ServedSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    [site, browser] = await Promise.all([serveSite(), launchChromium()]);
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
  });
  afterAll(async () => {
    writeFileSync(
      join(ARTIFACTS_DIR, 'workbench-figures.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    await browser?.close();
    await site?.stop();
  });

  it('loads nothing of the language service until the reader starts editing', async () => {
    const loaded: { url: string; bytes: number; gzip: number }[] = [];
    const pending: Promise<void>[] = [];
    const record = (response: Response) => {
      pending.push(
        response
          .body()
          .then((body) => {
            loaded.push({ url: response.url(), bytes: body.length, gzip: gzipSync(body).length });
          })
          .catch(() => {}),
      );
    };
    page.on('response', record);
    await page.goto(`${site.url}${PAGE}`, { waitUntil: 'networkidle' });
    await Promise.all(pending);
    const before = loaded.splice(0).map((entry) => entry.url);
    expect(before.filter((url) => /language-worker|type-help|editor-types/.test(url))).toEqual([]);

    const step = stepOn(page, FIRST);
    const editAt = Date.now();
    await step.getByRole('button', { name: 'Edit', exact: true }).click();
    await waitForTypeHelp(step);
    await expect.poll(() => step.getAttribute('data-diagnostics'), STATE_TIMEOUT).not.toBeNull();
    const firstCheckMs = Date.now() - editAt;
    page.off('response', record);
    await Promise.all(pending);
    const urls = loaded.map((entry) => entry.url);
    expect(urls.some((url) => /language-worker/.test(url))).toBe(true);
    expect(urls.some((url) => url.endsWith('/runtime/editor-types.json'))).toBe(true);
    const TYPE_HELP = /language-worker|type-help|editor-types/;
    const EDITOR = /\/_astro\/editor\./;
    const sum = (entries: typeof loaded, key: 'bytes' | 'gzip') =>
      entries.reduce((total, entry) => total + entry[key], 0);
    const parts = {
      typeHelp: loaded.filter((entry) => TYPE_HELP.test(entry.url)),
      editor: loaded.filter((entry) => EDITOR.test(entry.url)),
      // Focusing the step also warms the runtime up, as pointing at it does.
      runtimeWarmUp: loaded.filter(
        (entry) => !TYPE_HELP.test(entry.url) && !EDITOR.test(entry.url),
      ),
    };
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const described = Object.entries(parts).map(([name, entries]) => {
      figures[`editingStarts.${name}`] = {
        bytes: sum(entries, 'bytes'),
        gzipBytes: sum(entries, 'gzip'),
        files: entries.map(({ url, gzip }) => ({ url, gzip })),
      };
      return `${name} ${kb(sum(entries, 'bytes'))} (${kb(sum(entries, 'gzip'))} gzip) in ${entries.length} files`;
    });
    figures.editToFirstDiagnosticsMs = firstCheckMs;
    console.log(
      `Editing starts: ${described.join('; ')}; Edit to first diagnostics ${firstCheckMs} ms`,
    );
  });

  it('marks a misspelt option within a few seconds of typing, and says what is wrong', async () => {
    const step = stepOn(page, FIRST);
    await waitForTypeHelp(step);
    // The original code has no problem.
    await expect.poll(() => step.getAttribute('data-diagnostics'), STATE_TIMEOUT).toBe('0');
    await editCode(
      step,
      first.source.replace("lock({ key: 'cool-sync-lock' })", "lock({ kye: 'cool-sync-lock' })"),
    );
    const mark = step.locator('.cm-lintRange-error');
    await mark.first().waitFor(STATE_TIMEOUT);
    expect(await mark.first().textContent()).toBe('kye');
    await mark.first().hover();
    await expect
      .poll(() => page.locator('.cm-tooltip-lint').textContent(), STATE_TIMEOUT)
      .toContain("'kye' does not exist in type 'LockOptions'");
    await saveScreenshot(page, 'workbench-1-diagnostic.png');
  });

  it('marks an option misspelt by one keystroke, and times it', async () => {
    const step = stepOn(page, FIRST);
    await editCode(step, `${first.source}lock({ key: 'x' });`);
    await expect.poll(() => step.getAttribute('data-diagnostics'), STATE_TIMEOUT).toBe('0');
    // After `key`, nine characters before the end: `: 'x' });`
    await page.keyboard.press('ControlOrMeta+End');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('s');
    const mark = step.locator('.cm-lintRange-error');
    await mark.first().waitFor(STATE_TIMEOUT);
    expect(await mark.allTextContents()).toEqual(['keys']);
    figures.keystrokeToDiagnosticMs = Number(await step.getAttribute('data-diagnostic-ms'));
    console.log(
      `Keystroke to diagnostic: ${figures.keystrokeToDiagnosticMs} ms (of which ${CHECK_DELAY_MS} ms is the pause the check waits for)`,
    );
  });

  it('marks a syntax error and a missing argument', async () => {
    const step = stepOn(page, FIRST);
    await editCode(step, "import { lock } from 'cachify';\nconst held = lock();\nconst x = ;\n");
    const marks = step.locator('.cm-lintRange-error');
    await expect.poll(() => marks.allTextContents(), STATE_TIMEOUT).toEqual(['lock', ';']);
    await marks.first().hover();
    await expect
      .poll(() => page.locator('.cm-tooltip-lint').textContent(), STATE_TIMEOUT)
      .toContain('Expected 1 arguments, but got 0');
  });

  it("completes cachify's lock options after `lock({ `", async () => {
    const step = stepOn(page, FIRST);
    await editCode(step, "import { lock } from 'cachify';\n\nconst job = ");
    await page.keyboard.type('lock({ ');
    const options = page.locator('.cm-tooltip-autocomplete .cm-completionLabel');
    await options.first().waitFor(STATE_TIMEOUT);
    const labels = await options.allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['key', 'nowait', 'timeout', 'exp']));
    await saveScreenshot(page, 'workbench-2-completion.png');
    await page.keyboard.press('Escape');
  });

  it('shows the type of what the pointer is over', async () => {
    const step = stepOn(page, FIRST);
    await editCode(step, "import { lock } from 'cachify';\n\nconst job = lock({ key: 'job' });\n");
    // `job` is its own highlighted token in the third line.
    await step.locator('.cm-line').nth(2).locator('span', { hasText: /^job$/ }).hover();
    const tooltip = page.locator('.cm-tooltip-hover');
    await expect.poll(() => tooltip.textContent(), STATE_TIMEOUT).toMatch(/const job: Lock/);
  });

  it('keeps an edit across a reload and a move to another page, until Reset forgets it', async () => {
    const step = stepOn(page, FIRST);
    const edited = first.source.replace("'this code is locked'", "'this kept code is locked'");
    await editCode(step, edited);
    await expect
      .poll(() => step.locator('[data-step-part="edited"]').isVisible(), STATE_TIMEOUT)
      .toBe(true);

    await page.reload();
    await step.locator('.cm-content').waitFor();
    expect(await editorCode(step)).toBe(edited);
    expect(await step.locator('[data-step-part="edited"]').isVisible()).toBe(true);
    const panel = await run(step);
    expect(panel.output).toContain('this kept code is locked');

    await page.goto(`${site.url}/locks/parameters/`);
    await page.goto(`${site.url}${PAGE}`);
    await step.locator('.cm-content').waitFor();
    expect(await editorCode(step)).toBe(edited);
    await saveScreenshot(page, 'workbench-3-kept-edit.png');

    await step.getByRole('button', { name: 'Reset', exact: true }).click();
    expect(await editorCode(step)).toBe(first.source);
    expect(await step.locator('[data-step-part="edited"]').isVisible()).toBe(false);
    await page.reload();
    await expect.poll(() => step.getAttribute('data-state'), STATE_TIMEOUT).toBe('idle');
    expect(await step.locator('[data-step-part="code"]').isVisible()).toBe(true);
    expect(await step.locator('.cm-content').count()).toBe(0);
  });

  it('copies the code and the output', async () => {
    await page.goto(`${site.url}${PAGE}`);
    const step = stepOn(page, FIRST);
    await step.getByRole('button', { name: 'Copy code', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()), STATE_TIMEOUT)
      .toBe(first.source);
    await run(step);
    await step.getByRole('button', { name: 'Copy output', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()), STATE_TIMEOUT)
      .toBe('this code is locked\nthis code is locked, but using async cache\n');
  });

  it('offers exercises on the seed page and at least three others', () => {
    const pages = new Set(exercises.map((entry) => entry.page));
    expect(pages.has(PAGE)).toBe(true);
    expect(pages.size).toBeGreaterThanOrEqual(4);
  });

  for (const { step: start, exercise, page: path } of exercises) {
    it(`${start.id}: the check rejects the unchanged code and accepts the solution`, async () => {
      await page.goto(`${site.url}${path}`);
      const step = stepOn(page, start.id);
      const status = step.locator('[data-exercise-part="status"]');
      await step.scrollIntoViewIfNeeded();
      expect(await step.locator('[data-exercise-part="goal"]').textContent()).toBe(exercise.goal);

      await run(step);
      expect(await status.getAttribute('data-result')).toBe('unmet');
      expect(await status.textContent()).toMatch(/^Not yet\. /);

      await step.getByText('Show solution').click();
      await step.getByRole('button', { name: 'Put the solution in the editor' }).click();
      await step.locator('.cm-content').waitFor();
      await page.keyboard.press('ControlOrMeta+Enter');
      await waitForRunEnd(step);
      expect(await status.getAttribute('data-result')).toBe('met');
      // Live, the solution prints what its recording shows.
      const solution = readStep(exercise.solution, join(STEPS_DIR, exercise.solution));
      expect(
        comparableText([{ stream: 'stdout', text: (await readPanel(step)).output }]).trimEnd(),
      ).toBe(comparableText(readRecording(solution)?.chunks ?? []).trimEnd());
      await saveScreenshot(page, `workbench-exercise-${start.id.replace('/', '-')}.png`);
      await step.getByRole('button', { name: 'Reset', exact: true }).click();
    });
  }

  it("the seed page's check accepts a reader's own answer, not only the solution", async () => {
    const id = 'locks-getting-started/02-lets-break-it';
    await page.goto(`${site.url}${PAGE}`);
    const step = stepOn(page, id);
    const source = readStep(id, join(STEPS_DIR, id)).source;
    const second = source.lastIndexOf("'cool-async-lock'");
    await editCode(step, `${source.slice(0, second)}'my-own-lock'${source.slice(second + 17)}`);
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForRunEnd(step);
    const status = step.locator('[data-exercise-part="status"]');
    expect(await status.getAttribute('data-result')).toBe('met');
    await step.getByRole('button', { name: 'Reset', exact: true }).click();
  });

  it('downloads the step as a zip holding the take-home files, edits included', async () => {
    await page.goto(`${site.url}${PAGE}`);
    const step = stepOn(page, FIRST);
    const edited = first.source.replace("'this code is locked'", "'taken home'");
    await editCode(step, edited);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      step.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${archiveName(FIRST)}.zip`);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const entries = unzipSync(readFileSync(path));
    const files = Object.fromEntries(
      Object.entries(entries).map(([name, bytes]) => [
        name.replace(`${archiveName(FIRST)}/`, ''),
        strFromU8(bytes),
      ]),
    );
    expect(files).toEqual(
      takeHomeFiles({
        step: FIRST,
        code: edited,
        requiresRedis: false,
        versions: packageVersions(),
        pageUrl: `https://cachify.dev${PAGE}`,
      }),
    );
    await step.getByRole('button', { name: 'Reset', exact: true }).click();
  });

  it('opens the same files in StackBlitz through the SDK (the post is caught, no network)', async () => {
    const posted: string[] = [];
    await context.route('https://stackblitz.com/**', async (route) => {
      posted.push(route.request().postData() ?? '');
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<p>StackBlitz stand-in</p>',
      });
    });
    const id = 'redis/02-fencing';
    await page.goto(`${site.url}/redis/locks-on-redis/`);
    const step = stepOn(page, id);
    await step.getByRole('button', { name: 'Open in StackBlitz', exact: true }).click();
    await expect.poll(() => posted.length, STATE_TIMEOUT).toBe(1);
    const form = new URLSearchParams(posted[0]);
    const files: Record<string, string> = {};
    for (const [name, value] of form) {
      const file = /^project\[files\]\[(.+)\]$/.exec(name)?.[1];
      // A form post sends line ends as CRLF, whatever the SDK was given.
      if (file) files[file] = value.replace(/\r\n/g, '\n');
    }
    const source = readStep(id, join(STEPS_DIR, id)).source;
    expect(files).toEqual(
      takeHomeFiles({
        step: id,
        code: source,
        requiresRedis: true,
        versions: packageVersions(),
        pageUrl: `https://cachify.dev/redis/locks-on-redis/`,
      }),
    );
    expect(form.get('project[template]')).toBe('node');
    await context.unroute('https://stackblitz.com/**');
  });

  it('logs no errors to the console', () => {
    expect(errors).toEqual([]);
  });
});
