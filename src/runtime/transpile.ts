/**
 * Turns a step's TypeScript into JavaScript, with the same esbuild options in the browser
 * (`esbuild-wasm`, once the reader edits code) and at build time (the `esbuild` package, passed in
 * by `src/steps/transpile.ts`).
 *
 * @module
 */

// esbuild-wasm's types are esbuild's own: the native package fits the same interface.
import type {
  BuildOptions,
  BuildResult,
  Message,
  TransformOptions,
  TransformResult,
} from 'esbuild-wasm';
import { builtinName, missingBuiltinMessage, PROVIDED_BUILTINS } from './node-builtins.ts';

/** The part of the esbuild API used here; `esbuild` and `esbuild-wasm` both provide it. */
export interface Esbuild {
  transform(input: string, options: TransformOptions): Promise<TransformResult>;
  build(options: BuildOptions & { write: false }): Promise<BuildResult<{ write: false }>>;
}

/**
 * es2022 lowers `using` / `await using` (and decorators), so the code runs on Node 20 and in
 * browsers that lack explicit resource management.
 */
export const TRANSPILE_TARGET = 'es2022';

/** Where a transpiled program will run. */
export type TranspileFor =
  /** Node (the recorder, a WebContainer): imports stay bare and resolve from `node_modules`. */
  | { readonly runtime: 'node' }
  /** A module Web Worker: bare imports become URLs of the library's browser build. */
  | { readonly runtime: 'worker'; readonly modules: Readonly<Record<string, string>> };

/** A program that could not be transpiled; the message lists esbuild's errors with positions. */
export class TranspileError extends Error {
  override name = 'TranspileError';
}

/** Transpiles one step's `index.ts` to an ES module. Throws `TranspileError` on invalid code. */
export async function transpile(
  esbuild: Esbuild,
  source: string,
  target: TranspileFor,
): Promise<string> {
  try {
    if (target.runtime === 'node') {
      const result = await esbuild.transform(source, {
        loader: 'ts',
        format: 'esm',
        target: TRANSPILE_TARGET,
        sourcefile: 'index.ts',
      });
      return result.code;
    }
    const result = await esbuild.build({
      stdin: { contents: source, loader: 'ts', sourcefile: 'index.ts', resolveDir: '/' },
      bundle: true,
      write: false,
      format: 'esm',
      target: TRANSPILE_TARGET,
      logLevel: 'silent',
      // Stack frames of the program are mapped back to lines of index.ts in the Worker.
      sourcemap: 'inline',
      sourcesContent: false,
      plugins: [
        {
          name: 'cachify-browser-modules',
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === 'entry-point') return undefined;
              const url = target.modules[args.path];
              if (url !== undefined) return { path: url, external: true };
              const builtin = builtinName(args.path);
              if (builtin !== undefined && builtin in PROVIDED_BUILTINS) {
                return { path: builtin, namespace: 'node-builtin' };
              }
              if (builtin !== undefined) {
                return { errors: [{ text: missingBuiltinMessage(args.path) }] };
              }
              const known = Object.keys(target.modules).join(', ');
              return {
                errors: [
                  {
                    text: `"${args.path}" cannot be imported in the browser runner (it has: ${known})`,
                  },
                ],
              };
            });
            build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
              contents: PROVIDED_BUILTINS[args.path] ?? '',
              loader: 'js',
            }));
          },
        },
      ],
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new TranspileError('esbuild produced no output');
    return output.text;
  } catch (error) {
    if (error instanceof TranspileError) throw error;
    throw new TranspileError(describeEsbuildFailure(error), { cause: error });
  }
}

/** Formats esbuild's errors as `index.ts:3:5: message` lines. */
function describeEsbuildFailure(error: unknown): string {
  const messages = (error as { errors?: Message[] } | null)?.errors;
  if (!Array.isArray(messages) || messages.length === 0) {
    return error instanceof Error ? error.message : String(error);
  }
  return messages
    .map((message) => {
      const where = message.location
        ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
        : '';
      return `${where}${message.text}`;
    })
    .join('\n');
}
