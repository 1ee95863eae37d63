/**
 * The project a reader takes home from a step: the same files for "Download" (a zip) and "Open in
 * StackBlitz", built here once, so both run as they are:
 *
 * ```
 * package.json     names cachify (and any other package the code imports), tsx to run it
 * tsconfig.json    the settings the guide's examples are checked with
 * index.ts         the step's code, as edited
 * README.md        npm install && npx tsx index.ts; for Redis examples, what Redis it needs
 * ```
 *
 * @module
 */

/** Version ranges of the packages a project may name, read from the library's manifest at build time. */
export interface PackageVersions {
  /** The library's own version (`lib/package.json`). */
  readonly cachify: string;
  /** Ranges of `tsx`, `typescript`, `@types/node` and the Redis clients, by package name. */
  readonly [name: string]: string;
}

/** What the project is built from. */
export interface TakeHomeStep {
  /** The step, as `<page>/<NN-name>`. */
  readonly step: string;
  /** The code to take home: the original or the reader's edit. */
  readonly code: string;
  /** Whether it needs a Redis server (`step.json` `"requires": ["redis"]`). */
  readonly requiresRedis: boolean;
  /** Ranges of the packages the project names. */
  readonly versions: PackageVersions;
  /** Address of the page the step is on, for the README. */
  readonly pageUrl?: string;
}

/** The project's files, by path. */
export type ProjectFileSet = Record<string, string>;

/** The packages the project runs with, whatever the code imports. */
const DEV_DEPENDENCIES = ['tsx', 'typescript', '@types/node'] as const;

/** The tsconfig of `tutorial-steps/`, for a project of its own. */
const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    lib: ['es2022', 'esnext.disposable', 'dom'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  },
  include: ['index.ts'],
};

/** Package names the code imports (`cachify/redis` counts as `cachify`; `node:` modules are left out). */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  const specifiers = code.matchAll(
    /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm,
  );
  for (const match of specifiers) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
      continue;
    }
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
  }
  return [...names].sort();
}

/** A package name for the project: `cachify-` and the step id, as npm allows. */
function projectName(step: string): string {
  return `cachify-${step.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

/** `package.json` of the project. */
function packageJson(input: TakeHomeStep): string {
  const dependencies: Record<string, string> = { cachify: `^${input.versions.cachify}` };
  for (const name of importedPackages(input.code)) {
    dependencies[name] ??= input.versions[name] ?? 'latest';
  }
  const devDependencies: Record<string, string> = {};
  for (const name of DEV_DEPENDENCIES) devDependencies[name] = input.versions[name] ?? 'latest';
  const manifest = {
    name: projectName(input.step),
    private: true,
    type: 'module',
    scripts: { start: 'tsx index.ts' },
    dependencies,
    devDependencies,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** `README.md` of the project. */
function readme(input: TakeHomeStep): string {
  const lines = [
    `# ${input.step}`,
    '',
    `An example from the Cachify guide${input.pageUrl ? `: ${input.pageUrl}` : ''}.`,
    '',
    '## Run it',
    '',
    'With Node.js 20 or later:',
    '',
    '```sh',
    'npm install && npx tsx index.ts',
    '```',
  ];
  if (input.requiresRedis) {
    lines.push(
      '',
      '## Redis',
      '',
      'This example needs a Redis server. It connects to `REDIS_URL`, by default',
      '`redis://127.0.0.1:6379`: start one locally with `redis-server`, or with Docker:',
      '',
      '```sh',
      'docker run --rm -p 6379:6379 redis',
      'REDIS_URL=redis://127.0.0.1:6379 npx tsx index.ts',
      '```',
      '',
      'It writes only keys it makes unique, so any Redis you can reach will do.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The project's files. */
export function takeHomeFiles(input: TakeHomeStep): ProjectFileSet {
  return {
    'package.json': packageJson(input),
    'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    'index.ts': input.code.endsWith('\n') ? input.code : `${input.code}\n`,
    'README.md': readme(input),
  };
}

/** The name of the downloaded zip (and of its one folder). */
export function archiveName(step: string): string {
  return projectName(step);
}

/** The project as `@stackblitz/sdk`'s `openProject` takes it (its `Project` shape). */
export interface StackBlitzProject {
  readonly title: string;
  readonly description: string;
  readonly template: 'node';
  readonly files: ProjectFileSet;
}

/** The StackBlitz payload: the same files, in a Node project. */
export function stackBlitzProject(input: TakeHomeStep): StackBlitzProject {
  return {
    title: `Cachify: ${input.step}`,
    description: `An example from the Cachify guide${input.pageUrl ? `: ${input.pageUrl}` : ''}`,
    template: 'node',
    files: takeHomeFiles(input),
  };
}
