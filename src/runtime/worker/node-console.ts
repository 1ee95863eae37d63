/**
 * The `console` a program sees in the Worker, as Node 20's: `log`/`info`/`debug`/`dir` to stdout,
 * `warn`/`error`/`trace`/`assert` to stderr, group indentation, counters, timers, tables, and
 * process warnings where Node prints them. Formatting is Node's own `util.format` / `util.inspect`
 * (node-inspect-extracted); behaviour follows `lib/internal/console/constructor.js`.
 *
 * @module
 */
import { inspect } from 'node-inspect-extracted';
import { formatArgs } from '../format.ts';
import type { OutputStream } from '../output.ts';
import { renderTable } from './console-table.ts';

/** Where the console writes. */
export interface ConsoleSink {
  /** Writes text (newline included) to a stream; `args` are the call's own, for filtering. */
  write(stream: OutputStream, text: string, args: readonly unknown[]): void;
  /** Prints a process warning, as `process.emitWarning` does. */
  warn(message: string): void;
  /** Milliseconds from a monotonic clock. */
  now(): number;
}

/** Node's `formatTime` of `console.timeEnd`. */
export function formatTime(ms: number): string {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  let rest = ms;
  if (rest >= 1000) {
    if (rest >= 60_000) {
      if (rest >= 3_600_000) {
        hours = Math.floor(rest / 3_600_000);
        rest %= 3_600_000;
      }
      minutes = Math.floor(rest / 60_000);
      rest %= 60_000;
    }
    seconds = rest / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, millis] = seconds.toFixed(3).split('.');
    const pad = (value: number | string) => String(value).padStart(2, '0');
    const head = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${head}:${pad(whole as string)}.${millis} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(rest.toFixed(3))}ms`;
}

/** The console methods, to assign onto the Worker's `console`. */
export function createNodeConsole(sink: ConsoleSink): Record<string, (...args: never[]) => void> {
  let indent = '';
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const print = (stream: OutputStream, args: readonly unknown[], text = formatArgs(args)) => {
    let out = text;
    if (indent !== '') out = indent + out.replaceAll('\n', `\n${indent}`);
    sink.write(stream, `${out}\n`, args);
  };
  const log = (...args: unknown[]) => print('stdout', args);
  const warn = (...args: unknown[]) => print('stderr', args);
  const timeLog = (method: string, label: string, data: unknown[] | undefined) => {
    const start = timers.get(label);
    if (start === undefined) {
      sink.warn(`No such label '${label}' for console.${method}()`);
      return false;
    }
    const formatted = formatTime(sink.now() - start);
    log('%s: %s', label, formatted, ...(data ?? []));
    return true;
  };
  function trace(...args: unknown[]) {
    const error = { name: 'Trace', message: formatArgs(args), stack: '' };
    Error.captureStackTrace?.(error, trace);
    print('stderr', args, error.stack || `Trace${error.message ? `: ${error.message}` : ''}`);
  }
  return {
    log,
    info: log,
    debug: log,
    warn,
    error: warn,
    trace,
    dir: (object: unknown, options?: object) =>
      print('stdout', [object], inspect(object, { customInspect: false, ...options })),
    dirxml: log,
    assert: (value: unknown, ...args: unknown[]) => {
      if (value) return;
      const message = args.length === 0 ? 'Assertion failed' : `Assertion failed: ${args[0]}`;
      warn(message, ...args.slice(1));
    },
    count: (label: unknown = 'default') => {
      const key = `${label}`;
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      log(`${key}: ${count}`);
    },
    countReset: (label: unknown = 'default') => {
      const key = `${label}`;
      if (!counts.delete(key)) sink.warn(`Count for '${key}' does not exist`);
    },
    group: (...label: unknown[]) => {
      if (label.length > 0) log(...label);
      indent += '  ';
    },
    groupCollapsed: (...label: unknown[]) => {
      if (label.length > 0) log(...label);
      indent += '  ';
    },
    groupEnd: () => {
      indent = indent.slice(0, -2);
    },
    time: (label: unknown = 'default') => {
      const key = `${label}`;
      if (timers.has(key)) {
        sink.warn(`Label '${key}' already exists for console.time()`);
        return;
      }
      timers.set(key, sink.now());
    },
    timeEnd: (label: unknown = 'default') => {
      const key = `${label}`;
      if (timeLog('timeEnd', key, undefined)) timers.delete(key);
    },
    timeLog: (label: unknown = 'default', ...data: unknown[]) => {
      timeLog('timeLog', `${label}`, data);
    },
    table: (data: unknown, properties?: readonly string[]) => {
      const table = renderTable(data, properties);
      if (table === undefined) log(data);
      else print('stdout', [table], table);
    },
  };
}
