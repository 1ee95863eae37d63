/**
 * Search in the built site: each guide page is found by its main words (its title), through the
 * same Pagefind index the search dialog uses. Data-driven over `src/content/docs/`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidePages, launchChromium, type ServedSite, serveSite } from '../support/site.ts';

/** How far down the results a page may be and still count as found. */
const TOP = 3;

const pages = guidePages().filter((page) => page.path !== '/');

describe('search in the built site', () => {
  let site: ServedSite;
  let browser: Browser;
  let tab: Page;

  beforeAll(async () => {
    [site, browser] = await Promise.all([serveSite(), launchChromium()]);
    tab = await browser.newPage();
    await tab.goto(`${site.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** The URL paths of the first results for `query`, as the search dialog would list them. */
  async function search(query: string): Promise<string[]> {
    // A string, so the test runner's transform leaves the page's own `import()` alone.
    return tab.evaluate(`(async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const found = await pagefind.search(${JSON.stringify(query)});
      const data = await Promise.all(found.results.slice(0, ${TOP}).map((result) => result.data()));
      return data.map((entry) => new URL(entry.url, location.href).pathname);
    })()`);
  }

  for (const page of pages) {
    it(`finds ${page.path} by its title, "${page.title}"`, async () => {
      expect(page.title).not.toBe('');
      expect(await search(page.title)).toContain(page.path);
    });
  }
});
