/**
 * The built site served the way a static host serves it: its files as they are (`astro preview`
 * gzips every response on the fly, about 35 s of CPU per browser test run), with the cross-origin
 * isolation headers of `scripts/site/isolation-headers.mjs` (the ones `astro preview` and the
 * hosts' `_headers` files apply). Debian's Chromium is driven by playwright-core.
 *
 * `SITE_DIR` names the built site (default `dist`); build it first (`npm run build`).
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sirv from 'sirv';
import { isolationHeaders } from '../../scripts/site/isolation-headers.mjs';
import { ROOT } from '../../src/steps/discover.ts';

/** The built site the tests load. */
export const SITE_DIR = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
/** Where screenshots and measurements go, for review. */
export const ARTIFACTS_DIR = join(ROOT, 'artifacts');

export { launchChromium } from './common.ts';

/**
 * Saves a screenshot of `page` as `artifacts/<file>` for review, when `SCREENSHOTS` is set
 * (`SCREENSHOTS=1 npm run test:browser`). Off by default: a full-page shot costs Chromium nearly as
 * much CPU as loading the page, and no test reads them.
 */
export async function saveScreenshot(
  page: Page,
  file: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, file), fullPage: options.fullPage ?? false });
}

/** The built site, served on 127.0.0.1. */
export interface ServedSite {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves `SITE_DIR` on a free port of 127.0.0.1, in this process. */
export async function serveSite(): Promise<ServedSite> {
  if (!existsSync(join(SITE_DIR, 'index.html'))) {
    throw new Error(`No built site in ${SITE_DIR}: run npm run build first`);
  }
  const files = sirv(SITE_DIR, {
    etag: true,
    maxAge: 0,
    setHeaders: (response) => {
      for (const [name, value] of Object.entries(isolationHeaders)) response.setHeader(name, value);
    },
  });
  const server = createServer((request, response) =>
    files(request, response, () => {
      response.statusCode = 404;
      response.end(`not found: ${request.url}`);
    }),
  );
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => listening());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((stopped) => {
        server.closeAllConnections();
        server.close(() => stopped());
      }),
  };
}

/**
 * A new tab of `context` that sees the site as on a first visit: the site's localStorage (kept
 * edits, the theme) is cleared before its scripts run on the tab's first load, and kept across the
 * tab's reloads. Tabs of one context share Chromium's HTTP and code caches, as a reader's tabs do,
 * and a tab costs Chromium less than a context of its own.
 */
export async function freshTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    // Init scripts run in every frame; opaque frames have no storage to clear.
    if (window !== window.top) return;
    if (sessionStorage.getItem('cachify-test-fresh') === null) {
      localStorage.clear();
      sessionStorage.setItem('cachify-test-fresh', '1');
    }
  });
  return page;
}

/** A page of the guide: its URL path, title, and the steps it places. */
export interface GuidePage {
  readonly path: string;
  readonly title: string;
  readonly steps: string[];
}

/** Every MDX page of the guide (the generated API reference is not MDX), sorted by path. */
export function guidePages(): GuidePage[] {
  const docs = join(ROOT, 'src', 'content', 'docs');
  const pages: GuidePage[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.mdx')) {
        const text = readFileSync(file, 'utf8');
        const steps = [...text.matchAll(/<TutorialStep\b[^>]*\bstep="([^"]+)"/g)].map(
          (match) => match[1] as string,
        );
        const title = /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? '';
        const slug = relative(docs, file)
          .replace(/\.mdx$/, '')
          .replace(/(^|\/)index$/, '');
        pages.push({ path: slug ? `/${slug}/` : '/', title, steps });
      }
    }
  };
  walk(docs);
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

/** Every MDX page that places steps, with the page's URL path. */
export function pagesWithSteps(): GuidePage[] {
  return guidePages().filter((page) => page.steps.length > 0);
}
