/**
 * Runs one program inside a module Worker the way Node 20 would: `console` and `process` as Node's
 * (see `node-console.ts`, `node-process.ts`), `setImmediate` and `Buffer` as globals, an uncaught
 * error or unhandled rejection is printed and ends the program with exit code 1, and the program
 * ends once its module has run and no referenced timer is pending (Node's event loop rule), with
 * `process.exitCode` or 0.
 *
 * Kept apart from the Worker's message plumbing so it can be tested in Node.
 *
 * @module
 */

import { inspect } from 'node-inspect-extracted';
import { formatUncaught } from '../format-uncaught.js';
import type { OutputStream } from '../output.ts';
import { createNodeConsole } from './node-console.ts';
import { createProcess, ProcessExit, type ProcessShim } from './node-process.ts';

/** Where the host reports. */
export interface HostEvents {
  output(stream: OutputStream, text: string): void;
  exit(code: number): void;
  /** Console calls that are not the program's (e.g. the dev server's client); default none. */
  ignore?(args: readonly unknown[]): boolean;
  /**
   * Resolves once every promise rejection left unhandled so far has been reported with
   * `rejection()`; default one macrotask. The program's end waits for it, as Node reports an
   * unhandled rejection before it exits.
   */
  rejectionsReported?(): Promise<void>;
}

/** The globals the host patches; a Worker's `self` in the browser. */
export interface HostGlobals {
  console: Console;
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
  setInterval: typeof setInterval;
  clearInterval: typeof clearInterval;
  setImmediate?: unknown;
  clearImmediate?: unknown;
  process?: unknown;
}

/** A timer handle shaped like Node's `Timeout`, so `handle.unref()` in library code works. */
class Timeout {
  #host: ProgramHost;
  readonly id: number;
  referenced = true;

  constructor(host: ProgramHost, id: number) {
    this.#host = host;
    this.id = id;
  }
  /** Lets the program end while this timer is pending. */
  unref(): this {
    this.referenced = false;
    this.#host.checkExit();
    return this;
  }
  /** Keeps the program alive while this timer is pending (the default). */
  ref(): this {
    this.referenced = true;
    return this;
  }
  /** Whether this timer keeps the program alive. */
  hasRef(): boolean {
    return this.referenced;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

/** What Node 20 raises for a promise rejected with a value that is not an Error. */
class UnhandledPromiseRejection extends Error {
  override name = 'UnhandledPromiseRejection';
  readonly code = 'ERR_UNHANDLED_REJECTION';
}

/** Runs programs in the current global scope; one host per Worker, one program per Worker. */
export class ProgramHost {
  #events: HostEvents;
  #native: Pick<HostGlobals, 'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'>;
  /** Pending timers by the host's own id (native handles are numbers in browsers, objects in Node). */
  #timers = new Map<number, { timer: Timeout; native: unknown }>();
  #nextId = 1;
  #moduleDone = false;
  #ended = false;
  #process: ProcessShim;

  constructor(globals: HostGlobals, events: HostEvents) {
    this.#events = events;
    this.#native = {
      setTimeout: globals.setTimeout.bind(globalThis),
      clearTimeout: globals.clearTimeout.bind(globalThis),
      setInterval: globals.setInterval.bind(globalThis),
      clearInterval: globals.clearInterval.bind(globalThis),
    };
    this.#process = createProcess({
      write: (stream, text) => this.#write(stream, text),
      exit: (code) => this.#end(code),
      now: () => performance.now(),
    });
    this.#patch(globals);
  }

  /** The program's `process`. */
  get process(): ProcessShim {
    return this.#process;
  }

  /** Imports the program's module URL; reports its end. */
  async run(moduleUrl: string): Promise<void> {
    try {
      await import(/* @vite-ignore */ moduleUrl);
    } catch (error) {
      this.crash(error);
      return;
    }
    this.#moduleDone = true;
    this.checkExit();
  }

  /** Prints an uncaught error and ends the program with exit code 1. */
  crash(error: unknown): void {
    if (this.#ended || error instanceof ProcessExit) return;
    this.#events.output(
      'stderr',
      formatUncaught(error, (value: unknown) => inspect(value)),
    );
    this.#end(1);
  }

  /** A promise rejection nobody handled: an uncaught error, as in Node 20. */
  rejection(reason: unknown): void {
    if (reason instanceof ProcessExit) return;
    // Node's test: an object with its own `stack` is reported as it is.
    if (typeof reason === 'object' && reason !== null && Object.hasOwn(reason, 'stack')) {
      this.crash(reason);
      return;
    }
    this.crash(
      new UnhandledPromiseRejection(
        'This error originated either by throwing inside of an async function without a catch ' +
          'block, or by rejecting a promise which was not handled with .catch(). The promise ' +
          `rejected with the reason "${inspect(reason)}".`,
      ),
    );
  }

  /** Ends the program when its module has run and no referenced timer is pending. */
  checkExit(): void {
    if (this.#ended || !this.#moduleDone) return;
    // Queued callbacks run first, and rejections left unhandled are reported, as in Node.
    const settled =
      this.#events.rejectionsReported?.() ??
      new Promise<void>((resolve) => this.#native.setTimeout(resolve, 0));
    void settled.then(() => {
      if (this.#ended) return;
      for (const { timer } of this.#timers.values()) if (timer.referenced) return;
      this.#end(this.#process.exitCode ?? 0);
    });
  }

  #write(stream: OutputStream, text: string): void {
    if (!this.#ended) this.#events.output(stream, text);
  }

  #end(code: number): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const { native } of this.#timers.values()) this.#clearNative(native);
    this.#timers.clear();
    this.#events.exit(code);
  }

  #clearNative(native: unknown): void {
    this.#native.clearTimeout(native as ReturnType<typeof setTimeout>);
    this.#native.clearInterval(native as ReturnType<typeof setInterval>);
  }

  #patch(globals: HostGlobals): void {
    const methods = createNodeConsole({
      write: (stream, text, args) => {
        if (this.#events.ignore?.(args)) return;
        this.#write(stream, text);
      },
      warn: (message) => this.#process.emitWarning(message),
      now: () => performance.now(),
    });
    Object.assign(globals.console, methods);

    const schedule = (repeat: boolean) =>
      ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        const tick = () => {
          if (!repeat) this.#timers.delete(id);
          try {
            callback(...args);
          } catch (error) {
            this.crash(error);
            return;
          }
          if (!repeat) this.checkExit();
        };
        const id = this.#nextId++;
        const native = (repeat ? this.#native.setInterval : this.#native.setTimeout)(tick, ms);
        const timer = new Timeout(this, id);
        this.#timers.set(id, { timer, native });
        return timer;
      }) as unknown as typeof setTimeout;
    const cancel = (handle: unknown) => {
      const id = Number(handle);
      const pending = this.#timers.get(id);
      if (pending === undefined) return;
      this.#timers.delete(id);
      this.#clearNative(pending.native);
      this.checkExit();
    };
    const once = schedule(false);
    globals.setTimeout = once;
    globals.setInterval = schedule(true) as unknown as typeof setInterval;
    globals.clearTimeout = cancel as typeof clearTimeout;
    globals.clearInterval = cancel as typeof clearInterval;
    globals.setImmediate = (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
      once(callback, 0, ...args);
    globals.clearImmediate = cancel;
    globals.process = this.#process;
  }
}
