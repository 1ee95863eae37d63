/**
 * Test helpers that both the library's tests (`lib/test`) and the site's tests (`tests/`) use:
 * one place for a free port, Debian's Chromium, unique key prefixes and plain waits.
 *
 * @module
 */
import { createServer } from 'node:net';
import { type Browser, chromium } from 'playwright-core';

/** Chromium's flags for headless runs here: no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Debian's Chromium (`/usr/bin/chromium`) through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let prefixCounter = 0;

/**
 * A key prefix no other test run uses, even on the shared Redis: `test:<name>:<random>:<n>:`.
 * `name` must not hold `:lock:`, `:once:`, `:cached:` or `:pool:` (cachify's prefix rule).
 */
export function uniquePrefix(name: string): string {
  prefixCounter += 1;
  return `test:${name}:${globalThis.crypto.randomUUID().slice(0, 8)}:${prefixCounter}:`;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
