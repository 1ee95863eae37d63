/**
 * Checks every code block of a README, so the pages that npm and GitHub show never carry code
 * that does not compile or does not do what they say. The fence's info string says what a block
 * is:
 *
 * - ` ```ts `: type-checked as a module of a reader's strict project against the built library
 *   (`scripts/readme-code/tsconfig.json`). A block that calls `initCachify(` is a whole program
 *   and must say how it runs: ` ```ts run ` or ` ```ts redis `.
 * - ` ```ts run `: type-checked, then transpiled and run in Node exactly as a tutorial step is
 *   recorded; it must exit 0. A ` ```text ` block right after it is its output: what the program
 *   printed, stdout and stderr in order, must be that text.
 * - ` ```ts redis `: type-checked only. Running it would take locks under the default prefix on
 *   the Redis at 127.0.0.1:6379, which parallel test runs share; the Redis code paths run in the
 *   recorded steps (`tutorial-steps/initializing/03-redis`, `redis/*`) and `lib/test/redis/`.
 * - ` ```sh `: every `npm run <script>` and `npm test` names a script of the workspace it targets,
 *   and every package of `npm install` is `cachify` or one of its peer dependencies.
 * - ` ```mdx `: every `<TutorialStep step="...">` names a step that exists.
 * - ` ```json `: parses as JSON; ` ```json step.json ` is also a valid `step.json`.
 * - ` ```text paths `: a map; the path that starts each line exists.
 *
 * A block of any other kind fails the check: each block is checked by one of these rules.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Code, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import ts from 'typescript';
import { comparableText } from '../../src/runtime/index.ts';
import { ROOT, STEPS_DIR } from '../../src/steps/discover.ts';
import { parseStepMeta } from '../../src/steps/step-meta.ts';
import { RUN_DIR, recordStep } from '../steps/run-in-node.ts';

/**
 * Where the blocks are written for the type check: under `node_modules`, so `cachify` resolves;
 * one folder per process, so parallel checks do not meet.
 */
const CHECK_DIR = join(RUN_DIR, `readme-${process.pid}`);

/** One fenced block of a README. */
interface Block {
  readonly readme: string;
  readonly line: number;
  readonly lang: string;
  readonly meta: readonly string[];
  readonly value: string;
  readonly node: Code;
  /** The ` ```text ` block right after it, if any. */
  readonly output: Code | undefined;
}

/** Where a block is, as an editor opens it; `offset` counts lines of code from its first. */
const at = (block: Block, offset?: number) =>
  `${block.readme}:${offset === undefined ? block.line : block.line + 1 + offset}`;

function readBlocks(readme: string): Block[] {
  const tree: Root = fromMarkdown(readFileSync(join(ROOT, readme), 'utf8'));
  const blocks: Block[] = [];
  tree.children.forEach((node, index) => {
    if (node.type !== 'code') return;
    const next = tree.children[index + 1];
    blocks.push({
      readme,
      line: node.position?.start.line ?? 0,
      lang: node.lang ?? '',
      meta: (node.meta ?? '').split(/\s+/).filter(Boolean),
      value: node.value,
      node,
      output: next?.type === 'code' && next.lang === 'text' ? next : undefined,
    });
  });
  return blocks;
}

/** Type-checks the TypeScript blocks as modules of one strict project; returns the problems. */
function typeCheck(blocks: readonly Block[]): string[] {
  rmSync(CHECK_DIR, { recursive: true, force: true });
  mkdirSync(CHECK_DIR, { recursive: true });
  writeFileSync(join(CHECK_DIR, 'package.json'), '{ "private": true, "type": "module" }\n');
  const files = new Map<string, Block>();
  for (const block of blocks) {
    const file = join(CHECK_DIR, `${block.readme.replace(/\W+/g, '-')}-${block.line}.ts`);
    writeFileSync(file, block.value);
    files.set(file, block);
  }
  const configPath = join(import.meta.dirname, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const program = ts.createProgram([...files.keys()], options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = diagnostic.file && files.get(diagnostic.file.fileName);
    if (diagnostic.file === undefined || diagnostic.start === undefined || block === undefined) {
      return `type check: ${text}`;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    // The block's first code line is one below its opening fence.
    return `${block.readme}:${block.line + 1 + line}: ${text}`;
  });
}

/** Runs a whole program as the step recorder does; returns the problems. */
async function run(block: Block): Promise<string[]> {
  const id = `readme/${block.readme.replace(/\W+/g, '-')}-${block.line}`;
  const recording = await recordStep({ id, dir: CHECK_DIR, source: block.value, meta: {} });
  const printed = comparableText(recording.chunks).trimEnd();
  const problems: string[] = [];
  if (recording.exitCode !== 0) {
    problems.push(`${at(block)}: exited with ${recording.exitCode}:\n${printed}`);
  }
  if (block.output !== undefined && printed !== block.output.value.trimEnd()) {
    const line = block.output.position?.start.line ?? 0;
    problems.push(
      `${block.readme}:${line}: the output shown is not what the program above it prints.\n` +
        `  shown:\n${indent(block.output.value)}\n  printed:\n${indent(printed)}`,
    );
  }
  return problems;
}

const indent = (text: string) => text.trimEnd().replace(/^/gm, '    | ');

function readPackage(dir: string): {
  scripts?: Record<string, string>;
  peerDependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
}

/** Checks the npm commands of a shell block. */
function checkShell(block: Block): string[] {
  const root = readPackage('.');
  const lib = readPackage('lib');
  const installable = new Set(['cachify', ...Object.keys(lib.peerDependencies ?? {})]);
  const problems: string[] = [];
  for (const [index, line] of block.value.split('\n').entries()) {
    const code = line.replace(/#.*/, '').trim();
    for (const command of code.split('&&').map((part) => part.trim().split(/\s+/))) {
      if (command[0] !== 'npm') continue;
      const workspace = command.includes('-w') ? command[command.indexOf('-w') + 1] : undefined;
      const scripts = (workspace === 'cachify' ? lib : root).scripts ?? {};
      const words = command.filter((word, i) => !word.startsWith('-') && command[i - 1] !== '-w');
      const [, verb, name] = words;
      if (verb === 'run' && (name === undefined || !(name in scripts))) {
        problems.push(`${at(block, index)}: \`${code}\`: no script "${name}"`);
      } else if (verb === 'test' && !('test' in scripts)) {
        problems.push(`${at(block, index)}: \`${code}\`: no test script`);
      } else if (verb === 'install' || verb === 'i') {
        for (const pkg of words.slice(2).filter((word) => !installable.has(word))) {
          problems.push(
            `${at(block, index)}: \`${code}\`: ${pkg} is neither cachify nor a peer dependency`,
          );
        }
      } else if (!['run', 'test', 'install', 'i', 'ci'].includes(verb ?? '')) {
        problems.push(`${at(block, index)}: \`${code}\`: no check for npm ${verb}`);
      }
    }
  }
  return problems;
}

/** Checks that every step an MDX block places exists. */
function checkMdx(block: Block): string[] {
  return block.value.split('\n').flatMap((line, index) =>
    [...line.matchAll(/step="([^"]+)"/g)]
      .map((match) => match[1] ?? '')
      .filter((step) => !existsSync(join(STEPS_DIR, step, 'index.ts')))
      .map((step) => `${at(block, index)}: no step ${step} in ${relative(ROOT, STEPS_DIR)}/`),
  );
}

/** Checks that a JSON block parses, and that a `step.json` one is valid. */
function checkJson(block: Block): string[] {
  try {
    const value: unknown = JSON.parse(block.value);
    if (block.meta.includes('step.json')) parseStepMeta(value, at(block));
    return [];
  } catch (error) {
    return [`${at(block)}: ${(error as Error).message}`];
  }
}

/** Checks that the path at the start of each line of a map exists. */
function checkPaths(block: Block): string[] {
  return block.value.split('\n').flatMap((line, index) => {
    const path = line.match(/^([\w.-]+(?:\/[\w.-]*)*)/)?.[1];
    return path === undefined || existsSync(join(ROOT, path))
      ? []
      : [`${at(block, index)}: ${path} does not exist`];
  });
}

/** What {@link checkReadmes} found. */
export interface ReadmeReport {
  readonly blocks: number;
  readonly typeChecked: number;
  readonly ran: number;
  /** One line per problem, starting with `file:line`. */
  readonly problems: readonly string[];
}

/**
 * Checks every code block of the given Markdown files.
 *
 * @param readmes - Paths relative to the repository root.
 */
export async function checkReadmes(readmes: readonly string[]): Promise<ReadmeReport> {
  const blocks = readmes.flatMap(readBlocks);
  // Only a run block's output is checked, so only that `text` block may follow a program.
  const outputs = new Set(
    blocks.flatMap((block) => (block.output && block.meta.includes('run') ? [block.output] : [])),
  );
  const typescript = blocks.filter((block) => block.lang === 'ts');
  const problems = typeCheck(typescript);
  let ran = 0;
  for (const block of blocks) {
    if (block.lang === 'ts') {
      const mode = block.meta.find((word) => word === 'run' || word === 'redis');
      if (mode === undefined && block.value.includes('initCachify(')) {
        problems.push(`${at(block)}: a whole program: mark it \`\`\`ts run or \`\`\`ts redis`);
      }
      if (mode === 'run') {
        problems.push(...(await run(block)));
        ran++;
      }
    } else if (block.lang === 'sh') {
      problems.push(...checkShell(block));
    } else if (block.lang === 'json') {
      problems.push(...checkJson(block));
    } else if (block.lang === 'mdx') {
      problems.push(...checkMdx(block));
    } else if (block.lang === 'text' && block.meta.includes('paths')) {
      problems.push(...checkPaths(block));
    } else if (!outputs.has(block.node)) {
      problems.push(`${at(block)}: no check for a \`\`\`${block.lang} block`);
    }
  }
  rmSync(CHECK_DIR, { recursive: true, force: true });
  return { blocks: blocks.length, typeChecked: typescript.length, ran, problems };
}
