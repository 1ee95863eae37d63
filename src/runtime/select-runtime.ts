/**
 * The page's runtimes: a WebContainer (real Node.js) where one boots, the Web Worker fallback
 * otherwise. A run never waits for the WebContainer: until it is up, runs go to the Worker and
 * say so; it keeps booting in the background and later runs move to it once it is up. It is given
 * up only when it cannot boot here (no cross-origin isolation, no SharedArrayBuffer) or its boot
 * fails.
 *
 * @module
 */
import type { Runner } from './runner.ts';

/** What the page knows about its browser. */
export interface BrowserSupport {
  /** `globalThis.crossOriginIsolated`: COOP/COEP are in effect. */
  readonly crossOriginIsolated: boolean;
  /** `SharedArrayBuffer` exists (WebContainers need it). */
  readonly sharedArrayBuffer: boolean;
}

/** Where the WebContainer stands. */
export type WebContainerStatus =
  /** Booting in the background; runs go to the Worker meanwhile. */
  | { readonly state: 'starting' }
  /** Up: runs go to it. */
  | { readonly state: 'ready' }
  /** Given up; `reason` says why, in plain words. */
  | { readonly state: 'unavailable'; readonly reason: string };

/** The runner for a run starting now, and where the WebContainer stood then. */
export interface RuntimeChoice {
  readonly runner: Runner;
  readonly webContainer: WebContainerStatus;
}

/** How to try each runtime. */
export interface PageRuntimeOptions {
  readonly support: BrowserSupport;
  /** Boots the WebContainer runner; called at most once. */
  readonly bootWebContainer: () => Promise<Runner>;
  /** Creates the fallback runner; called at most once, when a run first needs it. */
  readonly createFallback: () => Runner;
  /** Told whenever the WebContainer's status changes. */
  readonly onStatus?: (status: WebContainerStatus) => void;
}

/** The runtimes of one page. */
export interface PageRuntime {
  /** The runner for a run starting now: the WebContainer when it is up, the Worker otherwise. */
  choose(): RuntimeChoice;
  /** Where the WebContainer stands now. */
  readonly webContainer: WebContainerStatus;
  /** Settles when the WebContainer is up or given up; never rejects. */
  readonly settled: Promise<WebContainerStatus>;
}

/** Starts booting the WebContainer (where it can boot) and returns the page's runtimes. */
export function startPageRuntime(options: PageRuntimeOptions): PageRuntime {
  let status: WebContainerStatus = { state: 'starting' };
  let webContainer: Runner | undefined;
  let fallback: Runner | undefined;
  const set = (next: WebContainerStatus) => {
    status = next;
    options.onStatus?.(next);
    return next;
  };
  const settled = (async (): Promise<WebContainerStatus> => {
    if (!options.support.crossOriginIsolated) {
      return set({
        state: 'unavailable',
        reason: 'this page is not cross-origin isolated (its COOP/COEP headers are missing)',
      });
    }
    if (!options.support.sharedArrayBuffer) {
      return set({ state: 'unavailable', reason: 'this browser has no SharedArrayBuffer' });
    }
    try {
      webContainer = await options.bootWebContainer();
      return set({ state: 'ready' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return set({ state: 'unavailable', reason: `its boot failed: ${message}` });
    }
  })();
  return {
    choose() {
      if (webContainer) return { runner: webContainer, webContainer: status };
      fallback ??= options.createFallback();
      return { runner: fallback, webContainer: status };
    },
    get webContainer() {
      return status;
    },
    settled,
  };
}
