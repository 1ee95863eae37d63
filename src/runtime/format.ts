/**
 * Formats `console.*` arguments in the Worker runner the way Node's `util.format` does for the
 * values tutorial programs print, so live output matches the output recorded in Node.
 *
 * Long values break over lines and arrays of short entries form columns as Node lays them out
 * (80 columns, three levels per line); the tests compare with `util.format` itself.
 *
 * @module
 */

/** How deep nested objects are shown before `[Object]`, as Node's default. */
const DEPTH = 2;

/** `console.log(...args)` as text, without the trailing newline. */
export function formatArgs(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  const [first, ...rest] = args;
  let head: string;
  if (typeof first === 'string') {
    head = first.replace(/%([sdifjoOc%])/g, (match, letter: string) => {
      if (letter === '%') return '%';
      if (rest.length === 0) return match;
      const value = rest.shift();
      switch (letter) {
        case 's':
          return typeof value === 'string' ? value : inspect(value, 0);
        case 'd':
        case 'i':
          return typeof value === 'bigint'
            ? `${value}n`
            : String(letter === 'i' ? Math.trunc(Number(value)) : Number(value));
        case 'f':
          return String(Number.parseFloat(String(value)));
        case 'j':
          return safeJson(value);
        case 'c':
          return '';
        default:
          return inspect(value, DEPTH);
      }
    });
  } else {
    head = inspect(first, DEPTH);
  }
  return [
    head,
    ...rest.map((value) => (typeof value === 'string' ? value : inspect(value, DEPTH))),
  ].join(' ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '[Circular]';
  }
}

/** Where `inspect` is in the value it formats, as Node's inspect context tracks it. */
interface InspectContext {
  /** Spaces before nested lines. */
  indentation: number;
  /** Level of the object formatted last; decides which levels may share one line. */
  currentDepth: number;
  /** Objects being formatted, to spot circular references. */
  readonly seen: object[];
}

/** Node's defaults for `console.log`: line width and levels combined on one line. */
const BREAK_LENGTH = 80;
const COMPACT = 3;
const MAX_ARRAY_LENGTH = 100;

/** A value as Node's `util.inspect` shows it with its defaults (depth 2, 80 columns). */
export function inspect(value: unknown, depth = DEPTH): string {
  if (typeof value === 'string') return value;
  return formatValue(value, DEPTH - depth, { indentation: 0, currentDepth: 0, seen: [] });
}

function formatValue(value: unknown, level: number, ctx: InspectContext): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return functionLabel(value as (...args: never[]) => unknown);
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ctx.seen.includes(object)) return '[Circular *1]';
  if (object instanceof Error) return object.stack ?? `${object.name}: ${object.message}`;
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  }
  if (object instanceof RegExp) return String(object);
  if (object instanceof Promise) return 'Promise { <pending> }';

  let open: string;
  let close = '}';
  let kind: 'array' | 'other' = 'other';
  let entries: () => string[];
  const child = (item: unknown) => formatValue(item, level + 1, ctx);
  if (Array.isArray(object)) {
    if (level > DEPTH) return '[Array]';
    open = '[';
    close = ']';
    kind = 'array';
    entries = () => {
      const shown = object.slice(0, MAX_ARRAY_LENGTH).map(child);
      const more = object.length - MAX_ARRAY_LENGTH;
      if (more > 0) shown.push(`... ${more} more item${more > 1 ? 's' : ''}`);
      return shown;
    };
  } else if (object instanceof Map) {
    if (level > DEPTH) return '[Map]';
    open = `Map(${object.size}) {`;
    entries = () => [...object].map(([key, item]) => `${child(key)} => ${child(item)}`);
  } else if (object instanceof Set) {
    if (level > DEPTH) return '[Set]';
    open = `Set(${object.size}) {`;
    entries = () => [...object].map(child);
  } else {
    const name = constructorName(object);
    if (level > DEPTH) return `[${name ?? 'Object'}]`;
    open =
      name === undefined ? '[Object: null prototype] {' : name === 'Object' ? '{' : `${name} {`;
    entries = () =>
      Object.keys(object).map((key) => {
        const label = /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
        return `${label}: ${child((object as Record<string, unknown>)[key])}`;
      });
  }

  ctx.seen.push(object);
  ctx.currentDepth = level;
  ctx.indentation += 2;
  const output = entries();
  ctx.indentation -= 2;
  ctx.seen.pop();
  if (output.length === 0) return kind === 'array' ? '[]' : `${open}}`;
  const values = kind === 'array' ? (object as unknown[]) : undefined;
  return reduceToSingleString(ctx, output, open, close, level, values);
}

/** Node's rule: the innermost levels share a line when it fits; otherwise one entry per line. */
function reduceToSingleString(
  ctx: InspectContext,
  output: string[],
  open: string,
  close: string,
  level: number,
  array: unknown[] | undefined,
): string {
  const entries = output.length;
  let lines = output;
  if (array !== undefined && entries > 6) lines = groupArrayElements(ctx, output, array);
  if (ctx.currentDepth - level < COMPACT && entries === lines.length) {
    const start = lines.length + ctx.indentation + open.length + 10;
    const total = lines.reduce((sum, entry) => sum + entry.length, lines.length + start);
    if (total + lines.length <= BREAK_LENGTH) {
      const joined = lines.join(', ');
      if (!joined.includes('\n')) return `${open} ${joined} ${close}`;
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentation)}`;
  return `${open}${indentation}  ${lines.join(`,${indentation}  `)}${indentation}${close}`;
}

/** Node's column layout for arrays of more than six short entries. */
function groupArrayElements(ctx: InspectContext, output: string[], array: unknown[]): string[] {
  let totalLength = 0;
  let maxLength = 0;
  const outputLength = array.length > MAX_ARRAY_LENGTH ? output.length - 1 : output.length;
  const separatorSpace = 2;
  const dataLen: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const length = (output[i] as string).length;
    dataLen[i] = length;
    totalLength += length + separatorSpace;
    if (maxLength < length) maxLength = length;
  }
  const actualMax = maxLength + separatorSpace;
  if (
    actualMax * 3 + ctx.indentation < BREAK_LENGTH &&
    (totalLength / actualMax > 5 || maxLength <= 6)
  ) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((BREAK_LENGTH - ctx.indentation) / actualMax),
      COMPACT * 4,
      15,
    );
    if (columns <= 1) return output;
    const maxLineLength: number[] = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if ((dataLen[j] ?? 0) > lineLength) lineLength = dataLen[j] ?? 0;
      }
      maxLineLength.push(lineLength + separatorSpace);
    }
    const numbersOnly = array
      .slice(0, outputLength)
      .every((item) => typeof item === 'number' || typeof item === 'bigint');
    const grouped: string[] = [];
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let line = '';
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        const width = maxLineLength[j - i] ?? 0;
        line += numbersOnly ? cell.padStart(width, ' ') : cell.padEnd(width, ' ');
      }
      line += numbersOnly
        ? (output[j] as string).padStart((maxLineLength[j - i] ?? 0) - separatorSpace, ' ')
        : output[j];
      grouped.push(line);
    }
    if (array.length > MAX_ARRAY_LENGTH) grouped.push(output[outputLength] as string);
    return grouped;
  }
  return output;
}

function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  if (!escaped.includes("'")) return `'${escaped}'`;
  if (!escaped.includes('"')) return `"${escaped}"`;
  return `\`${escaped.replace(/`/g, '\\`')}\``;
}

function functionLabel(fn: (...args: never[]) => unknown): string {
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(fn));
  if (isClass) return `[class ${fn.name || '(anonymous)'}]`;
  return fn.name ? `[Function: ${fn.name}]` : '[Function (anonymous)]';
}

function constructorName(object: object): string | undefined {
  const prototype = Object.getPrototypeOf(object) as { constructor?: { name?: string } } | null;
  if (prototype === null) return undefined;
  return prototype.constructor?.name || 'Object';
}
