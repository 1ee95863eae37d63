/**
 * Stack traces of a program in the Worker, as a reader wants them: frames of the program point at
 * lines of `index.ts` (through the inline source map esbuild writes), frames of the library at
 * `node_modules/cachify/...` as in Node, and the runner's own frames and `blob:` URLs are left out.
 * V8's `Error.prepareStackTrace` hook builds every stack this way.
 *
 * @module
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** Where the program and the library live, to tell their frames apart. */
export interface StackSources {
  /** The URL the program module was loaded from (a `blob:` URL). */
  readonly programUrl: string;
  /** The program's code, whose trailing inline source map (if any) maps it to `index.ts`. */
  readonly programCode: string;
  /** URL prefix of the library's browser build (`.../runtime/cachify/`). */
  readonly libraryUrl: string;
}

/** One frame of V8's structured stack trace (`NodeJS.CallSite`), the members used here. */
interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
  getMethodName(): string | null;
  getTypeName(): string | null;
  isToplevel(): boolean;
  isConstructor(): boolean;
  isAsync?(): boolean;
  isPromiseAll?(): boolean;
  isNative(): boolean;
  isEval(): boolean;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/** The program's source map, or `undefined` when it has none. */
export function readInlineSourceMap(code: string): TraceMap | undefined {
  const match = INLINE_MAP.exec(code);
  if (!match) return undefined;
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(match[1] as string), (c) => c.charCodeAt(0)),
  );
  return new TraceMap(json);
}

/** The header V8 puts above the frames: `Name: message`, as `Error.prototype.toString`. */
function header(error: unknown): string {
  try {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const n = name === undefined ? 'Error' : String(name);
    const m = message === undefined ? '' : String(message);
    return n === '' ? m : m === '' ? n : `${n}: ${m}`;
  } catch {
    return 'Error';
  }
}

/** The function part of a frame, as V8 writes it. */
function functionPart(site: CallSite): string {
  const name = site.getFunctionName();
  if (site.isConstructor()) return `new ${name ?? '<anonymous>'}`;
  if (site.isToplevel()) return name ?? '';
  const type = site.getTypeName();
  const method = site.getMethodName();
  if (!name) return `${type ?? '<anonymous>'}.${method ?? '<anonymous>'}`;
  let text = '';
  if (type && !name.startsWith(`${type}.`)) text += `${type}.`;
  text += name;
  if (method && !name.endsWith(method)) text += ` [as ${method}]`;
  return text;
}

/** Installs the stack hook for one program; returns a function that formats a frame, for tests. */
export function installStackMapping(sources: StackSources): (site: CallSite) => string | undefined {
  const map = readInlineSourceMap(sources.programCode);
  const locate = (site: CallSite): string | undefined => {
    const file = site.getFileName() ?? '';
    const line = site.getLineNumber() ?? 0;
    const column = site.getColumnNumber() ?? 0;
    if (file === sources.programUrl) {
      if (!map) return `index.js:${line}:${column}`;
      const original = originalPositionFor(map, { line, column: Math.max(0, column - 1) });
      if (original.line === null) return undefined;
      return `index.ts:${original.line}:${original.column + 1}`;
    }
    if (file.startsWith(sources.libraryUrl)) {
      return `node_modules/cachify/${file.slice(sources.libraryUrl.length)}:${line}:${column}`;
    }
    // The runner's own modules, blob URLs of anything else: not the reader's concern.
    return undefined;
  };
  const frame = (site: CallSite): string | undefined => {
    if (site.isNative()) return undefined;
    const where = locate(site);
    if (where === undefined) return undefined;
    const fn = functionPart(site);
    const prefix = site.isAsync?.() ? 'async ' : '';
    return fn ? `${prefix}${fn} (${where})` : `${prefix}${where}`;
  };
  (Error as unknown as { prepareStackTrace: unknown }).prepareStackTrace = (
    error: unknown,
    sites: CallSite[],
  ) => {
    const frames: string[] = [];
    for (const site of sites) {
      const text = frame(site);
      if (text !== undefined) frames.push(`    at ${text}`);
    }
    return [header(error), ...frames].join('\n');
  };
  return frame;
}
