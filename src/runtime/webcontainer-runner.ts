/**
 * The WebContainer runner: real Node.js in the browser. One WebContainer per page, booted once,
 * with the built library mounted in `node_modules/cachify` (no `npm install` in the browser); each
 * step runs in its own folder, its terminal output streamed, Stop kills its process.
 *
 * Written against the part of `@webcontainer/api` it uses, so it can be tested with a stand-in.
 *
 * @module
 */

import type { OutputChunk } from './output.ts';
import {
  type FileSystemTree,
  nodeCommand,
  type ProjectFile,
  programFile,
  stepFolder,
  toFileSystemTree,
} from './project-files.ts';
import type { Program, RunEnd, Runner, RunningProgram } from './runner.ts';

/** A process of `@webcontainer/api` (`WebContainerProcess`), the members used here. */
export interface WebContainerProcessLike {
  readonly exit: Promise<number>;
  readonly output: ReadableStream<string>;
  kill(): void;
}

/** A booted `WebContainer`, the members used here. */
export interface WebContainerLike {
  mount(tree: FileSystemTree): Promise<void>;
  readonly fs: {
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    writeFile(path: string, contents: string): Promise<void>;
  };
  spawn(command: string, args: string[]): Promise<WebContainerProcessLike>;
}

/** The `@webcontainer/api` module, the members used here. */
export interface WebContainerApi {
  readonly WebContainer: {
    boot(options: { coep: 'require-corp'; workdirName: string }): Promise<WebContainerLike>;
  };
  configureAPIKey(key: string): void;
}

/** How to boot the WebContainer. */
export interface WebContainerRunnerOptions {
  /** The `@webcontainer/api` module (imported on demand by the caller). */
  readonly api: WebContainerApi;
  /** The project to mount: the library, the runtime files (`projectFiles`). */
  readonly files: readonly ProjectFile[];
  /** A StackBlitz API key for production use by a for-profit; none by default. */
  readonly apiKey?: string | undefined;
}

/** Boots a WebContainer, mounts the project and returns a runner on it. Call once per page. */
export async function bootWebContainerRunner(options: WebContainerRunnerOptions): Promise<Runner> {
  if (options.apiKey) options.api.configureAPIKey(options.apiKey);
  // require-corp matches the page's own COEP header (Safari has no `credentialless`).
  const container = await options.api.WebContainer.boot({
    coep: 'require-corp',
    workdirName: 'cachify',
  });
  await container.mount(toFileSystemTree(options.files));
  return createWebContainerRunner(container);
}

/** A runner on an already booted WebContainer with the project mounted. */
export function createWebContainerRunner(container: WebContainerLike): Runner {
  return {
    kind: 'webcontainer',
    async run(program: Program, onOutput: (chunk: OutputChunk) => void): Promise<RunningProgram> {
      const file = programFile(program.step, program.nodeCode);
      await container.fs.mkdir(stepFolder(program.step), { recursive: true });
      await container.fs.writeFile(file.path, file.contents);
      const { command, args } = nodeCommand(program.step);
      const process = await container.spawn(command, args);

      let settle: (end: RunEnd) => void = () => {};
      const end = new Promise<RunEnd>((resolve) => {
        settle = (result) => {
          settle = () => {};
          resolve(result);
        };
      });
      // A WebContainer process writes to one terminal: stdout and stderr arrive merged, with CRLF.
      const reading = process.output
        .pipeTo(
          new WritableStream({
            write: (text) => onOutput({ stream: 'stdout', text: text.replace(/\r\n/g, '\n') }),
          }),
        )
        .catch(() => {});
      process.exit.then(
        async (code) => {
          await reading;
          settle({ kind: 'exit', code });
        },
        () => settle({ kind: 'exit', code: 1 }),
      );
      return {
        end,
        stop: () => {
          process.kill();
          settle({ kind: 'stopped', by: 'reader' });
        },
      };
    },
  };
}
