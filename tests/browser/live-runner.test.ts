/**
 * The live runner against whatever a reader types, in the built site and Debian's Chromium (the
 * WebContainer cannot boot here, so runs go to the Web Worker): floods, panel size and wrapping,
 * the first Run, the editor's themes, the fallback's parity with Node 20, and the small things a
 * reader meets (status, Reset, leaving the editor, focus after Stop, hints, runtime label, the
 * time limit). Figures go to artifacts/live-runner.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableText } from '../../src/runtime/output.ts';
import { maskRunDetails, runInNode } from '../support/run-in-node.ts';
import {
  ARTIFACTS_DIR,
  freshTab,
  launchChromium,
  pagesWithSteps,
  type ServedSite,
  saveScreenshot,
  serveSite,
} from '../support/site.ts';
import { editCode, readPanel, run, waitForRunEnd } from '../support/step-panel.ts';

const PAGE = '/locks/getting-started/';
const FIRST = 'locks-getting-started/01-starting-slow';
const shown = (text: string) => comparableText([{ stream: 'stdout', text }]).trimEnd();

describe('the live runner in the built site', () => {
  let site: ServedSite;
  let browser: Browser;
  /** Tabs share an HTTP cache, never a page. */
  let tabs: BrowserContext;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    [site, browser] = await Promise.all([serveSite(), launchChromium()]);
    tabs = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
  });
  afterAll(async () => {
    writeFileSync(join(ARTIFACTS_DIR, 'live-runner.json'), `${JSON.stringify(figures, null, 2)}\n`);
    await browser?.close();
    await site?.stop();
  });

  /** A fresh tab on `path` (see `freshTab`), and the step `id` on it. */
  async function open(path = PAGE, id = FIRST): Promise<{ page: Page; step: Locator }> {
    const page = await freshTab(tabs);
    await page.goto(`${site.url}${path}`);
    const step = page.locator(`cachify-tutorial-step[data-step="${id}"]`);
    await step.scrollIntoViewIfNeeded();
    return { page, step };
  }

  describe('1. floods', () => {
    it('prints 200,000 lines in frames, answers input throughout, ends by itself with its last lines (long tasks measured)', async () => {
      const { page, step } = await open();
      // Load the transpiler first, so what is measured is the flood alone.
      await editCode(step, "console.log('warm');\n");
      await run(step);
      await editCode(
        step,
        "for (let i = 1; i <= 200_000; i++) console.log('line', i);\nconsole.log('done');\n",
      );
      await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[]; answered: number[] };
        w.longTasks = [];
        w.answered = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
        }).observe({ type: 'longtask' });
        // How long each key press waits for the main thread while the program runs.
        document.addEventListener('keydown', (event) => {
          if (document.querySelector('[data-state="running"]')) {
            w.answered.push(performance.now() - event.timeStamp);
          }
        });
      });
      // Run by keyboard, with ten key presses queued right behind Enter: they reach the page once
      // the run has started, however busy the machine (a round trip per key can outlast the whole
      // flood there). Then keys go one at a time while the program prints.
      await step.getByRole('button', { name: 'Run', exact: true }).focus();
      const burst = [
        page.keyboard.press('Enter'),
        ...Array.from({ length: 10 }, () => page.keyboard.press('Shift')),
      ];
      await Promise.all(burst);
      let typed = burst.length - 1;
      while ((await step.getAttribute('data-state')) === 'running' && typed < 200) {
        await page.keyboard.press('Shift');
        typed++;
      }
      await waitForRunEnd(step, 60_000);
      const { longTasks, answered, draws } = await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[]; answered: number[] };
        const draws = performance
          .getEntriesByName('cachify: draw output')
          .map((entry) => Math.round(entry.duration));
        return { longTasks: w.longTasks, answered: w.answered, draws };
      });
      const panel = await readPanel(step);
      const lines = shown(panel.output).split('\n');
      expect(panel.status).toBe('Exit code 0');
      expect(lines.at(-1)).toBe('done');
      expect(lines.at(-2)).toBe('line 200000');
      expect(lines.length).toBeLessThanOrEqual(3000);
      expect(await step.locator('[data-step-part="omitted"]').textContent()).toMatch(
        /^… 19\d,\d{3} earlier lines not shown/,
      );
      // The newest line is in view: the log followed the output.
      expect(
        await step
          .locator('[data-step-part="log"]')
          .evaluate((log) => log.scrollTop + log.clientHeight >= log.scrollHeight - 4),
      ).toBe(true);
      figures.flood = {
        lines: 200_000,
        longTasksMs: longTasks,
        longestTaskMs: Math.max(0, ...longTasks),
        keyPressesSent: typed,
        keyPressesWhileRunning: answered.length,
        longestKeyWaitMs: Math.max(0, ...answered),
        frames: draws.length,
        longestDrawMs: Math.max(0, ...draws),
      };
      console.log('flood:', JSON.stringify(figures.flood));
      // The page answered key presses while the program printed, and drew the flood in frames
      // of a few hundred lines. How long each task took is measured and reported, not asserted
      // (a test never asserts on wall-clock time; on an idle machine no task passes 100 ms).
      expect(answered.length).toBeGreaterThan(0);
      expect(draws.length).toBeGreaterThan(1);
      await page.close();
    });

    it('the time limit fires during an endless flood', async () => {
      const { page, step } = await open(`${PAGE}?time-limit=1500`);
      await editCode(step, "let i = 0;\nfor (;;) console.log('flood', i++);\n");
      await step.getByRole('button', { name: 'Run', exact: true }).click();
      await waitForRunEnd(step, 30_000);
      const panel = await readPanel(step);
      expect(panel.status).toBe('Stopped: the time limit of 1.5 s passed');
      expect(panel.output).toContain('flood');
      await page.close();
    });
  });

  describe('2. the panel', () => {
    it('grows to show 12 lines of an edited program, then scrolls past its maximum height, following the newest line', async () => {
      const { page, step } = await open();
      const log = step.locator('[data-step-part="log"]');
      await editCode(step, "for (let i = 1; i <= 12; i++) console.log('line', i);\n");
      await run(step);
      expect(await log.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
      expect(await log.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(
        12 * 16,
      );
      await editCode(step, "for (let i = 1; i <= 300; i++) console.log('line', i);\n");
      await run(step);
      const box = await log.evaluate((el) => ({
        scrolls: el.scrollHeight > el.clientHeight,
        atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 4,
        height: el.getBoundingClientRect().height,
      }));
      expect(box.scrolls).toBe(true);
      expect(box.atEnd).toBe(true);
      expect(box.height).toBeLessThanOrEqual(900 * 0.7 + 1);
      await saveScreenshot(page, 'live-2-panel.png');
      await page.close();
    });

    it('stays where the reader scrolled up to while output keeps coming', async () => {
      const { page, step } = await open();
      const log = step.locator('[data-step-part="log"]');
      await editCode(
        step,
        "let n = 0;\nconst timer = setInterval(() => {\n  console.log('tick', ++n);\n  if (n === 120) clearInterval(timer);\n}, 15);\n",
      );
      await step.getByRole('button', { name: 'Run', exact: true }).click();
      await page.waitForFunction((id) => {
        const el = document.querySelector(
          `cachify-tutorial-step[data-step="${id}"] [data-step-part="log"]`,
        );
        return el !== null && el.scrollHeight > el.clientHeight + 50;
      }, FIRST);
      await log.evaluate((el) => {
        el.scrollTop = 0;
      });
      await waitForRunEnd(step);
      expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
      expect(shown((await log.textContent()) ?? '')).toContain('tick 120');
      await page.close();
    });

    for (const width of [1280, 390]) {
      it(`wraps long lines in recorded and live panels at ${width} px`, async () => {
        const page = await freshTab(tabs);
        await page.setViewportSize({ width, height: 900 });
        const overflowing: string[] = [];
        for (const guide of pagesWithSteps()) {
          await page.goto(`${site.url}${guide.path}`);
          const cut = await page.evaluate(() =>
            [...document.querySelectorAll('cachify-tutorial-step [data-step-part="recorded"] pre')]
              .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
              .map((pre) => pre.closest('cachify-tutorial-step')?.getAttribute('data-step') ?? ''),
          );
          overflowing.push(...cut);
        }
        expect(overflowing).toEqual([]);
        await page.goto(`${site.url}/wrappers/locked/`);
        const step = page.locator(
          'cachify-tutorial-step[data-step="wrappers-locked/05-bad-template"]',
        );
        await step.scrollIntoViewIfNeeded();
        const panel = await run(step);
        expect(panel.output).toContain('for defaulted or rest parameters use a key function');
        const log = step.locator('[data-step-part="log"]');
        expect(await log.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
        await saveScreenshot(page, `live-2-wrap-${width}.png`);
        await page.close();
      });
    }
  });

  describe('3. the first Run', () => {
    it('runs at once in the Worker while Node.js starts, says so, and Stop works before the program started', async () => {
      const { page, step } = await open();
      await step.getByRole('button', { name: 'Run', exact: true }).click();
      await waitForRunEnd(step);
      const panel = await readPanel(step);
      expect(panel.status).toBe('Exit code 0');
      expect(panel.runtime).toMatch(/^Live output · browser JavaScript(, while Node\.js starts)?$/);
      expect(await step.getAttribute('data-runtime')).toBe('worker');
      figures.firstRunMs = panel.firstOutputMs;
      console.log(`first Run to first output on ${PAGE}: ${panel.firstOutputMs} ms`);
      await page.close();

      // Stop at the very first moment: the run is called off, the page stays usable.
      const second = await open();
      // Run and Stop in one go, before anything of the runner could load.
      await second.step.evaluate((element) => {
        element.querySelector<HTMLButtonElement>('[data-step-part="run"]')?.click();
        element.querySelector<HTMLButtonElement>('[data-step-part="stop"]')?.click();
      });
      await waitForRunEnd(second.step, 5_000);
      expect((await readPanel(second.step)).status).toBe('Stopped');
      const again = await run(second.step);
      expect(again.status).toBe('Exit code 0');
      await second.page.close();
    });
  });

  describe('4. the editor follows the theme', () => {
    /** Lowest contrast of code text against the editor's background, with the colours used. */
    const lowestContrast = (page: Page) =>
      page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const context = canvas.getContext('2d', { willReadFrequently: true });
        if (!context) throw new Error('no canvas');
        const rgb = (color: string) => {
          context.clearRect(0, 0, 1, 1);
          context.fillStyle = color;
          context.fillRect(0, 0, 1, 1);
          return [...context.getImageData(0, 0, 1, 1).data].slice(0, 3);
        };
        const luminance = (color: string) => {
          const [r, g, b] = rgb(color).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          }) as [number, number, number];
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const contrast = (a: string, b: string) => {
          const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
          return (hi + 0.05) / (lo + 0.05);
        };
        const editor = document.querySelector('.cm-editor') as HTMLElement;
        const background = getComputedStyle(editor).backgroundColor;
        let lowest = Number.POSITIVE_INFINITY;
        let worst = '';
        const lines = [...editor.querySelectorAll('.cm-line')];
        for (const line of lines) {
          const lineBg = getComputedStyle(line).backgroundColor;
          const behind = rgb(lineBg)[0] === 0 && lineBg.includes(', 0)') ? background : lineBg;
          const nodes = [line, ...line.querySelectorAll('span')] as HTMLElement[];
          for (const node of nodes) {
            if (!node.textContent?.trim()) continue;
            const color = getComputedStyle(node).color;
            for (const back of [background, behind]) {
              const ratio = contrast(color, back);
              if (ratio < lowest) {
                lowest = ratio;
                worst = `${node.textContent.slice(0, 20)}: ${color} on ${back}`;
              }
            }
          }
        }
        return { lowest, worst, background, backgroundLuminance: luminance(background) };
      });

    it('has code text at 4.5:1 or better in light and dark mode, also when switched while editing', async () => {
      const { page, step } = await open();
      await step.getByRole('button', { name: 'Edit', exact: true }).click();
      await step.locator('.cm-content').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      const light = await lowestContrast(page);
      await saveScreenshot(page, 'live-4-editor-light.png');
      // Switch with Starlight's own theme picker while the editor is open.
      await page.locator('starlight-theme-select select').first().selectOption('dark');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const dark = await lowestContrast(page);
      await saveScreenshot(page, 'live-4-editor-dark.png');
      figures.editorContrast = { light, dark };
      console.log('editor contrast:', JSON.stringify(figures.editorContrast));
      expect(light.backgroundLuminance).toBeGreaterThan(0.8);
      expect(dark.backgroundLuminance).toBeLessThan(0.05);
      expect(light.lowest, light.worst).toBeGreaterThanOrEqual(4.5);
      expect(dark.lowest, dark.worst).toBeGreaterThanOrEqual(4.5);
      await page.close();
    });
  });

  describe('5. the fallback behaves as Node 20', () => {
    const inNode = async (name: string, code: string) => {
      const { text, exitCode } = await runInNode(name, code);
      return { output: text.trimEnd(), status: `Exit code ${exitCode}` };
    };
    const programs: Record<string, string> = {
      'a rejection left unhandled at the end':
        "console.log('start');\nPromise.reject(new Error('nobody caught me'));\n",
      'a rejection with a value that is not an Error': 'Promise.reject(42);\n',
      'a thrown non-error': "console.log('before');\nthrow { code: 42 };\n",
      'process.exit(code)': "console.log('one');\nprocess.exit(3);\nconsole.log('never');\n",
      'process.exitCode': 'process.exitCode = 4;\n',
      'process.env, argv, stdout.write, stderr.write, nextTick, hrtime':
        "process.stdout.write('a');\nprocess.stdout.write('b\\n');\nprocess.stderr.write('err\\n');\n" +
        'console.log(typeof process.env, process.argv.length >= 2);\n' +
        "process.nextTick((x) => console.log('tick', x), 1);\n" +
        'const [s] = process.hrtime(process.hrtime());\nconsole.log(s, typeof process.hrtime.bigint());\n',
      setImmediate:
        "setImmediate((x) => console.log('immediate', x), 'arg');\nconsole.log('now');\n",
      Buffer:
        "const b = Buffer.from('hi there');\nconsole.log(b, b.toString('base64'), Buffer.byteLength('é'));\n" +
        'console.log(Buffer.concat([Buffer.from([1, 2]), Buffer.alloc(2)]));\n',
      'node:timers/promises and node:buffer imports':
        "import { setTimeout as sleep } from 'node:timers/promises';\nimport { Buffer as B } from 'node:buffer';\n" +
        "console.log(await sleep(10, 'slept'), B.from('x').length);\n",
      'console.table':
        "console.table([{ a: 1, b: 'x' }, { a: 22, c: [1, 2, 3, 4] }]);\nconsole.table(new Map([['k', 1]]));\n",
      'console.count and assert':
        "console.count();\nconsole.count();\nconsole.count('x');\nconsole.assert(false, 'failed %s', 'here');\nconsole.assert(1 === 1);\n",
      'console.time and timeEnd':
        "console.time('t');\nconsole.timeEnd('t');\nconsole.timeEnd('t');\n",
      'console.group':
        "console.group('outer');\nconsole.log('a\\nb');\nconsole.group();\nconsole.warn('deeper');\nconsole.groupEnd();\nconsole.groupEnd();\nconsole.log('back');\n",
      'console.trace': "console.trace('here %d', 1);\n",
    };

    it('runs each program as Node 20 does', async () => {
      // Node runs them all at once, while the page loads.
      const [{ page, step }, inNodeRuns] = await Promise.all([
        open(),
        Promise.all(Object.entries(programs).map(([name, code]) => inNode(name, code))),
      ]);
      const differences: string[] = [];
      for (const [index, [name, code]] of Object.entries(programs).entries()) {
        const node = inNodeRuns[index];
        await editCode(step, code);
        const panel = await run(step);
        const worker = { output: maskRunDetails(shown(panel.output)), status: panel.status };
        if (JSON.stringify(worker) !== JSON.stringify(node)) {
          differences.push(
            `${name}:\n  node:   ${JSON.stringify(node)}\n  worker: ${JSON.stringify(worker)}`,
          );
        }
      }
      expect(differences.join('\n')).toBe('');
      await page.close();
    });

    it('maps stack frames to lines of index.ts, without blob: URLs or runner frames', async () => {
      const { page, step } = await open();
      await editCode(
        step,
        "function inner(): never {\n  throw new Error('deep');\n}\nfunction outer() {\n  inner();\n}\nconsole.log(new Error('logged').stack?.split('\\n')[1]?.trim());\nouter();\n",
      );
      const panel = await run(step);
      expect(panel.status).toBe('Exit code 1');
      expect(panel.output).toContain('at index.ts:7:');
      const frames = await step
        .locator('[data-step-part="log"] details.stack')
        .evaluate((details) => details.textContent ?? '');
      expect(frames).toContain('at inner (index.ts:2:9)');
      expect(frames).toContain('at outer (index.ts:5:3)');
      expect(frames).toContain('index.ts:8:1');
      expect(frames).not.toMatch(/blob:|program-host|step-worker|http:/);
      await page.close();
    });

    it('says in one line what the browser lacks when a program imports node:fs, and how to run it in Node', async () => {
      const { page, step } = await open();
      await editCode(step, "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n");
      const panel = await run(step);
      expect(shown(panel.output)).toBe(
        'index.ts:1:30: "node:fs" is not available here: the browser runtime lacks a file system. To run this example in Node.js, save it as index.ts next to an installed cachify and run: npx tsx index.ts',
      );
      expect(panel.status).toBe('Exit code 1');
      await page.close();
    });
  });

  describe('6. smaller things', () => {
    it('the status line and the old output give way while a run runs; Reset brings back the recorded output', async () => {
      const { page, step } = await open();
      await run(step);
      await editCode(
        step,
        "await new Promise((resolve) => setTimeout(resolve, 1500));\nconsole.log('late');\n",
      );
      await step.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await step.getAttribute('data-state')).toBe('running');
      expect(await step.locator('[data-step-part="status"]').textContent()).toBe('Running…');
      expect(await step.locator('[data-step-part="log"]').textContent()).not.toContain(
        'this code is locked',
      );
      await waitForRunEnd(step);
      await step.getByRole('button', { name: 'Reset', exact: true }).click();
      expect(await step.locator('[data-step-part="live"]').isVisible()).toBe(false);
      expect(await step.locator('[data-step-part="recorded"]').isVisible()).toBe(true);
      await page.close();
    });

    it('Tab indents in the editor; Escape then Tab leaves it, as the hint says', async () => {
      const { page, step } = await open();
      const hint = step.locator('[data-step-part="hint"]');
      expect(await hint.isVisible()).toBe(false);
      await step.getByRole('button', { name: 'Edit', exact: true }).click();
      await step.locator('.cm-content').waitFor();
      expect(await hint.textContent()).toContain('Esc then Tab leaves the editor');
      expect(await hint.isVisible()).toBe(true);
      const inEditor = () =>
        page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')));
      await page.keyboard.press('Tab');
      expect(await inEditor()).toBe(true);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      expect(await inEditor()).toBe(false);
      await page.close();
    });

    it('after Stop, focus is on Run', async () => {
      const { page, step } = await open();
      await editCode(step, "console.log('spinning');\nwhile (true) {}\n");
      await step.getByRole('button', { name: 'Run', exact: true }).click();
      await expect
        .poll(() => step.locator('[data-step-part="log"]').textContent(), { timeout: 30_000 })
        .toContain('spinning');
      await step.getByRole('button', { name: 'Stop', exact: true }).click();
      await waitForRunEnd(step, 5_000);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run');
      await page.close();
    });

    it('shows no keyboard hint on a touch screen, and a plain runtime label with details on demand at 390 px', async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
      });
      const page = await context.newPage();
      await page.goto(`${site.url}${PAGE}`);
      const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
      await step.scrollIntoViewIfNeeded();
      await step.getByRole('button', { name: 'Edit', exact: true }).tap();
      await step.locator('.cm-content').waitFor();
      expect(await step.locator('[data-step-part="hint"]').isVisible()).toBe(false);
      await step.getByRole('button', { name: 'Run', exact: true }).tap();
      await waitForRunEnd(step);
      const label = step.locator('[data-step-part="runtime-label"]');
      expect(await label.textContent()).not.toMatch(/WebContainer|Worker/);
      expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      const details = step.locator('[data-step-part="runtime-details"]');
      expect(await details.isVisible()).toBe(false);
      await label.tap();
      expect(await details.isVisible()).toBe(true);
      expect(await details.textContent()).toMatch(/WebContainer/);
      await saveScreenshot(page, 'live-6-mobile.png', { fullPage: true });
      await context.close();
    });

    it('offers to run a program again without the time limit, and then lets it finish', async () => {
      const { page, step } = await open(`${PAGE}?time-limit=1000`);
      await editCode(
        step,
        "console.log('start');\nawait new Promise((resolve) => setTimeout(resolve, 2500));\nconsole.log('finished');\n",
      );
      const limited = await run(step);
      expect(limited.status).toBe('Stopped: the time limit of 1 s passed');
      const again = step.getByRole('button', { name: 'Run again without a time limit' });
      await again.click();
      await waitForRunEnd(step);
      const panel = await readPanel(step);
      expect(panel.status).toBe('Exit code 0');
      expect(shown(panel.output)).toBe('start\nfinished');
      expect(await again.isVisible()).toBe(false);
      await page.close();
    });

    it('sends the transpiler compressed', async () => {
      // A context of its own, so that the transpiler is fetched, not taken from the cache.
      const cold = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await cold.newPage();
      await page.goto(`${site.url}${PAGE}`);
      const step = page.locator(`cachify-tutorial-step[data-step="${FIRST}"]`);
      const sizes: number[] = [];
      page.on('requestfinished', async (request) => {
        if (request.url().includes('esbuild.wasm')) {
          sizes.push((await request.sizes()).responseBodySize);
        }
      });
      await editCode(step, "console.log('edited');\n");
      expect(shown((await run(step)).output)).toBe('edited');
      await expect.poll(() => sizes.length).toBe(1);
      // All of it came over the wire (about 3.7 MB), not the 11 MB of the unpacked binary.
      expect(sizes[0]).toBeGreaterThan(1_000_000);
      expect(sizes[0]).toBeLessThan(5_000_000);
      figures.transpilerBytes = sizes[0];
      await cold.close();
    });
  });
});
