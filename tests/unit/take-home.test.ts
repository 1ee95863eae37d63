/** The take-home project's files, and the StackBlitz payload holding the same ones. */
import { describe, expect, it } from 'vitest';
import {
  archiveName,
  importedPackages,
  stackBlitzProject,
  takeHomeFiles,
} from '../../src/runtime/workbench/take-home.ts';

const versions = {
  cachify: '0.1.0',
  tsx: '^4.23.15',
  typescript: '^5.9.3',
  '@types/node': '^20.19.43',
  ioredis: '^6.0.0',
  redis: '^6.3.1',
};
const redisCode = [
  "import { spawn } from 'node:child_process';",
  "import { initCachify, lock } from 'cachify';",
  "import { redisBackend } from 'cachify/redis';",
  "import { Redis } from 'ioredis';",
  "const { z } = await import('@scope/pkg/sub');",
  'console.log(lock, initCachify, redisBackend, Redis, spawn, z);',
].join('\n');

describe('takeHomeFiles', () => {
  it('names cachify, the packages the code imports, and tsx to run it', () => {
    const files = takeHomeFiles({
      step: 'redis/02-fencing',
      code: redisCode,
      requiresRedis: true,
      versions,
    });
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'index.ts',
      'package.json',
      'tsconfig.json',
    ]);
    const manifest = JSON.parse(files['package.json'] as string);
    expect(manifest).toMatchObject({
      name: 'cachify-redis-02-fencing',
      private: true,
      type: 'module',
      dependencies: { cachify: '^0.1.0', ioredis: '^6.0.0', '@scope/pkg': 'latest' },
      devDependencies: { tsx: '^4.23.15', typescript: '^5.9.3', '@types/node': '^20.19.43' },
    });
    expect(files['index.ts']).toBe(`${redisCode}\n`);
    expect(files['README.md']).toContain('npm install && npx tsx index.ts');
    expect(files['README.md']).toContain('This example needs a Redis server');
    expect(files['README.md']).toContain('REDIS_URL');
  });

  it('says nothing of Redis for an in-memory example', () => {
    const files = takeHomeFiles({
      step: 'locks-getting-started/01-starting-slow',
      code: "import { lock } from 'cachify';\n",
      requiresRedis: false,
      versions,
    });
    expect(files['README.md']).not.toContain('Redis');
    expect(JSON.parse(files['package.json'] as string).dependencies).toEqual({ cachify: '^0.1.0' });
  });

  it('lists imported packages without node: modules or relative paths', () => {
    expect(importedPackages(redisCode)).toEqual(['@scope/pkg', 'cachify', 'ioredis']);
    expect(importedPackages("import './setup.ts';\nimport x from '../x';\n")).toEqual([]);
  });

  it('names the zip after the step', () => {
    expect(archiveName('wrappers-once/04-try-once')).toBe('cachify-wrappers-once-04-try-once');
  });
});

describe('stackBlitzProject', () => {
  it('holds the same files as the download, in a Node project', () => {
    const input = { step: 'redis/02-fencing', code: redisCode, requiresRedis: true, versions };
    const project = stackBlitzProject(input);
    expect(project.template).toBe('node');
    expect(project.files).toEqual(takeHomeFiles(input));
  });
});
