/**
 * Picks the runtime for a page: a WebContainer where one boots in time, the Worker fallback
 * otherwise, with the reason the panel shows.
 *
 * @module
 */
import type { Runner } from './runner.ts';

/** How long a WebContainer may take to boot before the page falls back, in milliseconds. */
export const DEFAULT_BOOT_TIMEOUT_MS = 4_000;

/** What the page knows about its browser. */
export interface BrowserSupport {
  /** `globalThis.crossOriginIsolated`: COOP/COEP are in effect. */
  readonly crossOriginIsolated: boolean;
  /** `SharedArrayBuffer` exists (WebContainers need it). */
  readonly sharedArrayBuffer: boolean;
}

/** The chosen runner, and why it was chosen. */
export interface RuntimeChoice {
  readonly runner: Runner;
  /** For the fallback: why the WebContainer was not used. For a WebContainer: `undefined`. */
  readonly reason: string | undefined;
}

/** How to try each runtime. */
export interface SelectRuntimeOptions {
  readonly support: BrowserSupport;
  /** Boots the WebContainer runner; called at most once. */
  readonly bootWebContainer: () => Promise<Runner>;
  /** Creates the fallback runner. */
  readonly createFallback: () => Runner;
  /** Boot timeout in milliseconds; default `DEFAULT_BOOT_TIMEOUT_MS`. */
  readonly bootTimeoutMs?: number;
}

/** Tries a WebContainer, then falls back to the Worker runner, saying why. Never rejects. */
export async function selectRuntime(options: SelectRuntimeOptions): Promise<RuntimeChoice> {
  const timeoutMs = options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
  const fallback = (reason: string): RuntimeChoice => ({
    runner: options.createFallback(),
    reason,
  });
  if (!options.support.crossOriginIsolated) {
    return fallback('the page is not cross-origin isolated (COOP/COEP headers missing)');
  }
  if (!options.support.sharedArrayBuffer) {
    return fallback('this browser has no SharedArrayBuffer');
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([options.bootWebContainer(), timeout]);
    if (result === 'timeout') {
      return fallback(`the WebContainer did not boot within ${formatSeconds(timeoutMs)}`);
    }
    return { runner: result, reason: undefined };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fallback(`the WebContainer failed to boot: ${message}`);
  } finally {
    clearTimeout(timer);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
