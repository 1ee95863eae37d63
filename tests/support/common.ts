/**
 * Test helpers that both the library's tests (`lib/test`) and the site's tests (`tests/`) use:
 * one place for a free port, Debian's Chromium, unique key prefixes, plain waits, waits for a
 * condition or a signal, and a logger that records what it is told.
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

/**
 * Launches Debian's Chromium (`/usr/bin/chromium`) through playwright-core.
 *
 * By default V8 compiles WebAssembly with its baseline compiler only (`--liftoff-only`): a
 * reader's browser also recompiles the transpiler's hot functions (esbuild.wasm, 11 MB) with its
 * optimizing compiler, which kept both cores busy for seconds after each first edited run and
 * made up about a fifth of the browser tests' CPU. What runs is the same either way; only its speed
 * differs, so benchmarks pass `tieredWasm: true` to measure what readers get.
 */
export function launchChromium({ tieredWasm = false } = {}): Promise<Browser> {
  const args = [...CHROMIUM_ARGS, ...(tieredWasm ? [] : ['--js-flags=--liftoff-only'])];
  return chromium.launch({ executablePath: '/usr/bin/chromium', args });
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

/**
 * Resolves once `Date.now()` has reached `at` (epoch ms). Timers may fire a little early; this
 * checks the clock and waits again, so a test can rely on the moment having passed.
 */
export async function sleepUntil(at: number): Promise<void> {
  while (Date.now() < at) await sleep(at - Date.now() + 1);
}

/** Waits until `condition()` holds (checked every 5 ms), failing after `within` ms. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  within = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + within;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Whether a promise has settled by the time pending callbacks have run. */
export async function settled(promise: Promise<unknown>, grace = 20): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await sleep(grace);
  return done;
}

/** Resolves the reason `signal` aborts with (at once when it is already aborted). */
export function abortReason(signal: AbortSignal): Promise<unknown> {
  return new Promise<unknown>((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    else signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

/** A logger that remembers what it was told. */
export class RecordingLogger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
}
