/**
 * The project a WebContainer mounts, as a flat list of files and as the `FileSystemTree` that
 * `WebContainer.mount` takes, and the command that runs a step in it. The recorder writes the same
 * files to disk and runs each step with the same command in real Node, and so do the tests.
 *
 * ```
 * package.json                      { "type": "module" }
 * node_modules/cachify/...          the built library: package.json and dist/
 * .cachify/report-uncaught.mjs      preloaded: prints uncaught errors like every runtime
 * .cachify/format-uncaught.js
 * steps/<page>/<NN-name>/index.js   one folder per step, written when it runs
 * ```
 *
 * @module
 */

/** One file of the project, path relative to the project root with `/` separators. */
export interface ProjectFile {
  readonly path: string;
  readonly contents: string;
}

/** A `FileSystemTree` of `@webcontainer/api`, kept structural so tests need no WebContainer. */
export interface FileSystemTree {
  [name: string]: { file: { contents: string } } | { directory: FileSystemTree };
}

/** The runtime files preloaded in every run, by name. */
export interface RuntimeFiles {
  readonly 'report-uncaught.mjs': string;
  readonly 'format-uncaught.js': string;
}

/** A step id, `<page>/<NN-name>`: the step's folder under `tutorial-steps/` and in the project. */
export const STEP_ID = /^[\w.-]+\/[\w.-]+$/;

/** The folder of a step inside the project. */
export function stepFolder(step: string): string {
  if (!STEP_ID.test(step)) {
    throw new TypeError(`A step id looks like "<page>/<NN-name>", got ${JSON.stringify(step)}`);
  }
  return `steps/${step}`;
}

/** The file a step's program is written to before it runs: `steps/<id>/index.js`. */
export function programFile(step: string, nodeCode: string): ProjectFile {
  return { path: `${stepFolder(step)}/index.js`, contents: nodeCode };
}

/**
 * The command that runs a step in the project, from the project's root:
 * `node --import ./.cachify/report-uncaught.mjs steps/<id>/index.js`.
 */
export function nodeCommand(step: string): { command: 'node'; args: string[] } {
  return {
    command: 'node',
    args: ['--import', './.cachify/report-uncaught.mjs', programFile(step, '').path],
  };
}

/** Every file of the project before any step runs. */
export function projectFiles(
  library: readonly ProjectFile[],
  runtime: RuntimeFiles,
): ProjectFile[] {
  return [
    { path: 'package.json', contents: '{ "private": true, "type": "module" }\n' },
    ...library.map((file) => ({
      path: `node_modules/cachify/${file.path}`,
      contents: file.contents,
    })),
    { path: '.cachify/report-uncaught.mjs', contents: runtime['report-uncaught.mjs'] },
    { path: '.cachify/format-uncaught.js', contents: runtime['format-uncaught.js'] },
  ];
}

/** Nests a flat file list into a `FileSystemTree`. */
export function toFileSystemTree(files: readonly ProjectFile[]): FileSystemTree {
  const root: FileSystemTree = {};
  for (const file of files) {
    const parts = file.path.split('/');
    const name = parts.pop();
    if (!name || parts.some((part) => part === '' || part === '..' || part === '.')) {
      throw new TypeError(`Not a project-relative file path: ${JSON.stringify(file.path)}`);
    }
    let dir = root;
    for (const part of parts) {
      const entry = dir[part] ?? { directory: {} };
      dir[part] = entry;
      if (!('directory' in entry))
        throw new TypeError(`${file.path}: ${part} is a file, not a folder`);
      dir = entry.directory;
    }
    dir[name] = { file: { contents: file.contents } };
  }
  return root;
}
