/**
 * Formats `console.*` arguments in the Worker runner the way Node's `util.format` does for the
 * values tutorial programs print, so live output matches the output recorded in Node.
 *
 * Known difference: Node breaks long objects over several lines; this prints them on one line.
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
          return typeof value === 'string' ? value : inspect(value, 1);
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

/** A value as Node's `util.inspect` shows it (single line). */
export function inspect(value: unknown, depth = DEPTH, seen: object[] = []): string {
  switch (typeof value) {
    case 'string':
      return seen.length === 0 ? value : quote(value);
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
  if (seen.includes(object)) return '[Circular *1]';
  if (object instanceof Error) return object.stack ?? `${object.name}: ${object.message}`;
  if (object instanceof Date)
    return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (object instanceof Promise) return 'Promise { <pending> }';
  const nested = [...seen, object];
  const show = (item: unknown) =>
    typeof item === 'string' ? quote(item) : inspect(item, depth - 1, nested);
  if (Array.isArray(object)) {
    if (depth < 0) return '[Array]';
    return object.length === 0 ? '[]' : `[ ${object.map(show).join(', ')} ]`;
  }
  if (object instanceof Map) {
    if (depth < 0) return '[Map]';
    const entries = [...object].map(([key, item]) => `${show(key)} => ${show(item)}`);
    return `Map(${object.size}) ${entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`}`;
  }
  if (object instanceof Set) {
    if (depth < 0) return '[Set]';
    const entries = [...object].map(show);
    return `Set(${object.size}) ${entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`}`;
  }
  const name = constructorName(object);
  if (depth < 0) return `[${name ?? 'Object'}]`;
  const entries = Object.keys(object).map((key) => {
    const label = /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
    return `${label}: ${show((object as Record<string, unknown>)[key])}`;
  });
  const body = entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  if (name === undefined) return `[Object: null prototype] ${body}`;
  return name === 'Object' ? body : `${name} ${body}`;
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
