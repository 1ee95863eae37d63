/**
 * STAND-IN for `@webcontainer/api`, labelled as such: the real WebContainer service (StackBlitz)
 * cannot be reached from the machines these tests run on. It implements the members the adapter
 * uses on top of a real temporary folder and real `node` processes: `mount` writes the exact tree
 * to disk, `spawn('node', args)` runs Node in that folder, and `output` merges stdout and stderr
 * with CRLF line ends, as a WebContainer terminal does.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystemTree } from '../../src/runtime/project-files.ts';
import type {
  WebContainerApi,
  WebContainerLike,
  WebContainerProcessLike,
} from '../../src/runtime/webcontainer-runner.ts';

/** Writes a `FileSystemTree` under `dir`, as `WebContainer.mount` would. */
export function writeTree(dir: string, tree: FileSystemTree): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    if ('directory' in entry) writeTree(join(dir, name), entry.directory);
    else writeFileSync(join(dir, name), entry.file.contents);
  }
}

/** A stand-in WebContainer on the local file system. */
export class LocalWebContainer implements WebContainerLike {
  /** The folder playing the WebContainer's workdir. */
  readonly workdir = mkdtempSync(join(tmpdir(), 'cachify-webcontainer-'));
  /** Every tree mounted, in order. */
  readonly mounted: FileSystemTree[] = [];
  /** Every process spawned. */
  readonly processes: ChildProcess[] = [];

  readonly fs = {
    mkdir: async (path: string) => mkdirSync(join(this.workdir, path), { recursive: true }),
    writeFile: async (path: string, contents: string) =>
      writeFileSync(join(this.workdir, path), contents),
  };

  async mount(tree: FileSystemTree): Promise<void> {
    this.mounted.push(tree);
    writeTree(this.workdir, tree);
  }

  async spawn(command: string, args: string[]): Promise<WebContainerProcessLike> {
    if (command !== 'node') throw new Error(`the stand-in only runs node, not ${command}`);
    // One pipe for both streams (`2>&1`), as a terminal has, so their order is kept.
    const child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, ...args], {
      cwd: this.workdir,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    this.processes.push(child);
    const exit = new Promise<number>((resolve) =>
      child.on('close', (code) => resolve(code ?? 137)),
    );
    const output = new ReadableStream<string>({
      start(controller) {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (text: string) => controller.enqueue(text.replace(/\n/g, '\r\n')));
        child.stdout.on('end', () => controller.close());
      },
    });
    return { exit, output, kill: () => child.kill('SIGKILL') };
  }
}

/** A stand-in `@webcontainer/api` module that boots `LocalWebContainer`s and records its calls. */
export function localWebContainerApi() {
  const calls = { apiKeys: [] as string[], boots: [] as unknown[] };
  const containers: LocalWebContainer[] = [];
  const api: WebContainerApi = {
    WebContainer: {
      boot: async (options) => {
        calls.boots.push(options);
        const container = new LocalWebContainer();
        containers.push(container);
        return container;
      },
    },
    configureAPIKey: (key) => {
      calls.apiKeys.push(key);
    },
  };
  return { api, calls, containers };
}
