/**
 * The part of Node's `process` a tutorial program may use, for the Worker: `argv`, `env`,
 * `exit(code)` / `exitCode`, `stdout.write` / `stderr.write`, `nextTick`, `hrtime` (and
 * `hrtime.bigint`), `cwd`, `uptime`, `emitWarning`, `platform`, `version`. What a browser has no
 * equivalent of (signals, child processes, `process.on`) is left out rather than faked.
 *
 * @module
 */
import type { OutputStream } from '../output.ts';

/** Thrown by `process.exit()` to unwind the program; the host ends the run without reporting it. */
export class ProcessExit {
  constructor(readonly code: number) {}
}

/** What the process shim reports to. */
export interface ProcessSink {
  write(stream: OutputStream, text: string): void;
  /** Ends the program now with `code`. */
  exit(code: number): void;
  /** Milliseconds from a monotonic clock. */
  now(): number;
}

/** The folder Node would run the program in, as a WebContainer names it. */
const PROJECT_DIR = '/home/project';

/** Creates the `process` object of one program. */
export function createProcess(sink: ProcessSink) {
  const startedAt = sink.now();
  let warned = false;
  const stream = (name: OutputStream, fd: number) => ({
    fd,
    isTTY: false,
    write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const text =
        typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array);
      sink.write(name, text);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => done());
      return true;
    },
  });
  const hrtime = (previous?: readonly [number, number]): [number, number] => {
    const nanos = BigInt(Math.round(sink.now() * 1e6));
    let seconds = Number(nanos / 1_000_000_000n);
    let rest = Number(nanos % 1_000_000_000n);
    if (previous) {
      seconds -= previous[0];
      rest -= previous[1];
      if (rest < 0) {
        seconds -= 1;
        rest += 1e9;
      }
    }
    return [seconds, rest];
  };
  hrtime.bigint = () => BigInt(Math.round(sink.now() * 1e6));
  const process = {
    argv: ['/usr/local/bin/node', `${PROJECT_DIR}/index.js`],
    argv0: 'node',
    execArgv: [] as string[],
    env: {} as Record<string, string | undefined>,
    exitCode: undefined as number | undefined,
    platform: 'browser',
    version: 'v20.0.0-browser',
    versions: {} as Record<string, string>,
    pid: 1,
    stdout: stream('stdout', 1),
    stderr: stream('stderr', 2),
    cwd: () => PROJECT_DIR,
    uptime: () => (sink.now() - startedAt) / 1000,
    hrtime,
    nextTick(callback: (...args: unknown[]) => void, ...args: unknown[]): void {
      queueMicrotask(() => callback(...args));
    },
    emitWarning(warning: string | Error, type?: string): void {
      const text =
        typeof warning === 'string' ? `${type ?? 'Warning'}: ${warning}` : String(warning);
      // Node prints warnings on the next tick, after the code that raised them.
      queueMicrotask(() => {
        sink.write('stderr', `(node:1) ${text}\n`);
        if (!warned) {
          warned = true;
          sink.write(
            'stderr',
            '(Use `node --trace-warnings ...` to show where the warning was created)\n',
          );
        }
      });
    },
    exit(code?: number | string): never {
      const exitCode = Number(code ?? process.exitCode ?? 0) || 0;
      sink.exit(exitCode);
      throw new ProcessExit(exitCode);
    },
  };
  return process;
}

/** The `process` object of one program. */
export type ProcessShim = ReturnType<typeof createProcess>;
