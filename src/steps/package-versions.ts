/**
 * The version ranges a take-home project names, read at build time from the library's manifest:
 * its own version, and the ranges it is developed and tested with for tsx, TypeScript, Node's
 * types and the Redis clients.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageVersions } from '../runtime/index.ts';

const NAMED = ['tsx', 'typescript', '@types/node', 'ioredis', 'redis'] as const;

let versions: PackageVersions | undefined;

/** The ranges, read once. */
export function packageVersions(): PackageVersions {
  if (versions) return versions;
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'lib', 'package.json'), 'utf8')) as {
    version: string;
    devDependencies?: Record<string, string>;
  };
  const ranges: Record<string, string> = { cachify: manifest.version };
  for (const name of NAMED) {
    const range = manifest.devDependencies?.[name];
    if (range) ranges[name] = range;
  }
  versions = ranges as PackageVersions;
  return versions;
}
