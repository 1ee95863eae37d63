import { describe, expect, it } from 'vitest';
import {
  nodeCommand,
  projectFiles,
  stepFolder,
  toFileSystemTree,
} from '../../src/runtime/project-files.ts';
import { absolutizeLibraryImports } from '../../src/runtime/worker-runner.ts';

describe('the project a WebContainer mounts', () => {
  it('nests files into a FileSystemTree', () => {
    const files = projectFiles([{ path: 'dist/index.js', contents: 'export {}' }], {
      'report-uncaught.mjs': 'r',
      'format-uncaught.js': 'f',
    });
    expect(toFileSystemTree(files)).toEqual({
      'package.json': { file: { contents: '{ "private": true, "type": "module" }\n' } },
      node_modules: {
        directory: {
          cachify: {
            directory: { dist: { directory: { 'index.js': { file: { contents: 'export {}' } } } } },
          },
        },
      },
      '.cachify': {
        directory: {
          'report-uncaught.mjs': { file: { contents: 'r' } },
          'format-uncaught.js': { file: { contents: 'f' } },
        },
      },
    });
  });

  it('refuses paths that leave the project', () => {
    expect(() => toFileSystemTree([{ path: '../etc/passwd', contents: '' }])).toThrow(
      /Not a project-relative file path/,
    );
  });

  it('runs each step from its own folder with the uncaught-error reporter preloaded', () => {
    expect(nodeCommand('locks/01-first')).toEqual({
      command: 'node',
      args: ['--import', './.cachify/report-uncaught.mjs', 'steps/locks/01-first/index.js'],
    });
    expect(() => stepFolder('../../x')).toThrow(/A step id looks like/);
  });
});

describe('Worker programs', () => {
  it('import the library by absolute URL, since a Blob module has no base URL', () => {
    const code = 'import { lock } from "/runtime/cachify/dist/index.js";';
    expect(
      absolutizeLibraryImports(code, ['/runtime/cachify/dist/index.js'], 'https://site.test/a/'),
    ).toBe('import { lock } from "https://site.test/runtime/cachify/dist/index.js";');
  });
});
