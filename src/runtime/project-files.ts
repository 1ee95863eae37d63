/**
 * The project a WebContainer mounts, as a flat list of files and as the `FileSystemTree` that
 * `WebContainer.mount` takes. The same list is written to disk by the tests and run with `node`.
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

/** The folder of a step inside the project. */
export function stepFolder(step: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(step)) {
    throw new TypeError(`A step id looks like "<page>/<NN-name>", got ${JSON.stringify(step)}`);
  }
  return `steps/${step}`;
}

/** The command that runs a step in the project: `node --import ... steps/<id>/index.js`. */
export function nodeCommand(step: string): { command: 'node'; args: string[] } {
  return {
    command: 'node',
    args: ['--import', './.cachify/report-uncaught.mjs', `${stepFolder(step)}/index.js`],
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
