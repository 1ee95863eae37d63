/**
 * The built site served the way the tests need it: `astro preview` (which applies the COOP/COEP
 * `server.headers` of astro.config.mjs) on a free port, and Debian's Chromium driven by
 * playwright-core.
 *
 * `SITE_DIR` names the built site (default `dist`); build it first (`npm run build`).
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT } from '../../src/steps/discover.ts';
import { freePort } from './common.ts';

/** The built site the tests load. */
export const SITE_DIR = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
/** Where screenshots and measurements go, for review. */
export const ARTIFACTS_DIR = join(ROOT, 'artifacts');

export { launchChromium } from './common.ts';

/** A running `astro preview` of the built site. */
export interface Preview {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves `SITE_DIR` with `astro preview`; resolves once it answers. */
export async function startPreview(): Promise<Preview> {
  if (!existsSync(join(SITE_DIR, 'index.html'))) {
    throw new Error(`No built site in ${SITE_DIR}: run npm run build first`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'astro', 'astro.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--outDir',
      relative(ROOT, SITE_DIR) || '.',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (data) => {
    log += data;
  });
  child.stderr?.on('data', (data) => {
    log += data;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`astro preview exited:\n${log}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error(`astro preview did not answer on ${url}:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
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
