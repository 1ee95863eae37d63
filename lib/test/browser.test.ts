/**
 * The core in a real browser (Debian's Chromium): on a page's main thread, where `acquireSync`
 * cannot block, and in a Web Worker of a cross-origin-isolated page, where it can.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../tests/support/common.js';

const libDir = fileURLToPath(new URL('..', import.meta.url));

/** What each page and worker runs; reports lines back. */
const scenario = `
import { initCachify, lock, pool, CachifyLockError } from './cachify.js';
export async function scenario() {
  const out = [];
  initCachify({ logger: false });
  const held = await lock({ key: 'k', exp: 300 }).acquire();
  out.push('acquired ' + typeof held.fencingToken);
  try { lock({ key: 'k' }).acquireSync(); } catch (e) { out.push(e.message); }
  try {
    const waited = lock({ key: 'k', nowait: false, timeout: 2000 }).acquireSync();
    out.push('acquireSync waited: ' + (waited.fencingToken > held.fencingToken));
    out.push('old holder release: ' + (await held.release()));
    waited.releaseSync();
  } catch (e) { out.push(e.message); }
  const again = await lock({ key: 'signal', exp: 100 }).acquire();
  await new Promise((resolve) => again.signal.addEventListener('abort', resolve));
  out.push('signal: ' + again.signal.reason.reason);
  return out;
}

/** A pool's acquireSync that would have to block: its message names the pool's call. */
export async function poolScenario() {
  initCachify({ logger: false });
  const held = await pool({ key: 'p', maxSize: 1, slotExp: 300 }).acquire();
  try {
    pool({ key: 'p', maxSize: 1, nowait: false, timeout: 2000 }).acquireSync();
  } catch (e) { return e.message; }
  finally { await held.release(); }
  return 'did not throw';
}
`;

/** Both lock forms as written, run by a browser that has `using` natively (Chromium 134+). */
const native = `
import { initCachify, lock } from './cachify.js';
export async function native() {
  initCachify({ logger: false });
  const out = [];
  {
    using held = lock({ key: 'cool-sync-lock' }).acquireSync();
    out.push('sync held: ' + lock({ key: 'cool-sync-lock' }).isLockedSync());
  }
  out.push('sync after the block: ' + lock({ key: 'cool-sync-lock' }).isLockedSync());
  {
    await using held = await lock({ key: 'cool-async-lock' }).acquire();
    out.push('async held: ' + (await lock({ key: 'cool-async-lock' }).isLocked()));
  }
  out.push('async after the block: ' + (await lock({ key: 'cool-async-lock' }).isLocked()));
  return out;
}
`;

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [`${libDir}src/index.ts`],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
  });
  const files: Record<string, [string, string]> = {
    '/cachify.js': [bundle.outputFiles[0].text, 'text/javascript'],
    '/scenario.js': [scenario, 'text/javascript'],
    '/native.js': [native, 'text/javascript'],
    '/worker.js': [
      `import { scenario } from './scenario.js';
       scenario().then((lines) => postMessage(lines), (e) => postMessage(['failed: ' + e]));`,
      'text/javascript',
    ],
    '/page.html': ['<!doctype html><title>cachify</title>', 'text/html'],
  };
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = files[url.pathname];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': file[1] };
    if (url.searchParams.has('isolated') || request.headers.referer?.includes('isolated')) {
      // Cross-origin isolation: what makes SharedArrayBuffer (and so Atomics.wait) available.
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    response.writeHead(200, headers).end(file[0]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('in Chromium', () => {
  it("on the page's main thread: async locks work, and acquireSync refuses to block with a clear error", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/page.html?isolated`);
    // A string, so that the test runner does not rewrite the dynamic import.
    const lines = await page.evaluate("import('/scenario.js').then((m) => m.scenario())");
    expect(lines).toEqual([
      'acquired bigint',
      'k is already locked!',
      'acquireSync() with nowait: false cannot block this thread (a browser main thread, or no SharedArrayBuffer): use `await lock.acquire()` instead',
      'signal: expired',
    ]);
    await page.close();
  });

  it("on the page's main thread: a pool's acquireSync refuses to block and names the pool's call", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/page.html?isolated`);
    const message = await page.evaluate("import('/scenario.js').then((m) => m.poolScenario())");
    expect(message).toBe(
      'acquireSync() with nowait: false cannot block this thread (a browser main thread, or no SharedArrayBuffer): use `await pool.acquire()` instead',
    );
    await page.close();
  });

  it('runs `using` and `await using` natively, as written', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/page.html`);
    const lines = await page.evaluate("import('/native.js').then((m) => m.native())");
    expect(lines).toEqual([
      'sync held: true',
      'sync after the block: false',
      'async held: true',
      'async after the block: false',
    ]);
    await page.close();
  });

  it('in a Web Worker of an isolated page: acquireSync with nowait: false blocks until the holder expires', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/page.html?isolated`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const lines = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const worker = new Worker('/worker.js?isolated', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => resolve([`worker error: ${event.message}`]);
        }),
    );
    expect(lines).toEqual([
      'acquired bigint',
      'k is already locked!',
      'acquireSync waited: true',
      'old holder release: false',
      'signal: expired',
    ]);
    await page.close();
  });
});
