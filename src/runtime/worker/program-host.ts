/**
 * Runs one program inside a module Worker the way Node would: `console.*` goes to stdout or
 * stderr, an uncaught error is printed and ends the program with exit code 1, and the program
 * ends once its module has run and no referenced timer is pending (Node's event loop rule).
 *
 * Kept apart from the Worker's message plumbing so it can be tested in Node.
 *
 * @module
 */

import { formatArgs } from '../format.ts';
import { formatUncaught } from '../format-uncaught.js';
import type { OutputStream } from '../recording.ts';

/** Where the host reports. */
export interface HostEvents {
  output(stream: OutputStream, text: string): void;
  exit(code: number): void;
  /** Console calls that are not the program's (e.g. the dev server's client); default none. */
  ignore?(args: readonly unknown[]): boolean;
}

/** The globals the host patches; a Worker's `self` in the browser. */
export interface HostGlobals {
  console: Console;
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
  setInterval: typeof setInterval;
  clearInterval: typeof clearInterval;
}

const STDOUT_METHODS = ['log', 'info', 'debug', 'trace', 'dir'] as const;
const STDERR_METHODS = ['warn', 'error'] as const;

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

/** Runs programs in the current global scope; one host per Worker, one program per Worker. */
export class ProgramHost {
  #events: HostEvents;
  #native: HostGlobals;
  /** Pending timers by the host's own id (native handles are numbers in browsers, objects in Node). */
  #timers = new Map<number, { timer: Timeout; native: unknown }>();
  #nextId = 1;
  #moduleDone = false;
  #ended = false;

  constructor(globals: HostGlobals, events: HostEvents) {
    this.#events = events;
    this.#native = {
      console: globals.console,
      setTimeout: globals.setTimeout.bind(globalThis),
      clearTimeout: globals.clearTimeout.bind(globalThis),
      setInterval: globals.setInterval.bind(globalThis),
      clearInterval: globals.clearInterval.bind(globalThis),
    };
    this.#patch(globals);
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
    if (this.#ended) return;
    this.#events.output('stderr', formatUncaught(error));
    this.#end(1);
  }

  /** Ends the program when its module has run and no referenced timer is pending. */
  checkExit(): void {
    if (this.#ended || !this.#moduleDone) return;
    // Let queued microtasks (promise callbacks) run first, as Node drains them before exiting.
    this.#native.setTimeout(() => {
      if (this.#ended) return;
      for (const { timer } of this.#timers.values()) if (timer.referenced) return;
      this.#end(0);
    }, 0);
  }

  #end(code: number): void {
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
    const print =
      (stream: OutputStream) =>
      (...args: unknown[]) => {
        if (this.#ended || this.#events.ignore?.(args)) return;
        this.#events.output(stream, `${formatArgs(args)}\n`);
      };
    const console = globals.console as unknown as Record<string, unknown>;
    for (const method of STDOUT_METHODS) console[method] = print('stdout');
    for (const method of STDERR_METHODS) console[method] = print('stderr');

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
    globals.setTimeout = schedule(false);
    globals.setInterval = schedule(true) as unknown as typeof setInterval;
    globals.clearTimeout = cancel as typeof clearTimeout;
    globals.clearInterval = cancel as typeof clearInterval;
  }
}
