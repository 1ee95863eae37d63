/**
 * Keys of wrapped functions: a template filled from the call's arguments (`'user-{0}'`,
 * `'order-{0.id}-{1}'`), or a function of the arguments that returns the key.
 *
 * @module
 */
import { describeValue } from './options.js';

/**
 * Computes a key from a call's arguments: a wrapper's `key` when a template is not enough. It must
 * return a non-empty string.
 *
 * @typeParam Args - The wrapped function's parameters.
 * @param args - The call's arguments, as the wrapped function receives them.
 * @example
 * ```ts
 * locked({ key: (user: User, channel: string) => `notify-${user.id}-${channel}` }, notify);
 * ```
 * @see [Keys from fields, or from a function](https://cachify.dev/wrappers/locked/#keys-from-fields-or-from-a-function) in the guide
 */
export type KeyFunction<Args extends unknown[]> = (...args: Args) => string;

/**
 * A wrapper's `key`: a string template with positional placeholders `{0}`, `{1}`, ... and property
 * paths `{0.id}`, `{1.user.name}` (write `{{` and `}}` for literal braces), or a
 * {@link KeyFunction}.
 *
 * A template formats strings (as they are), finite numbers and bigints (in decimal), booleans,
 * and Dates (ISO form, to the millisecond). Anything else (an array, an object, `null`,
 * `undefined`, `NaN`, a symbol, a function) throws a `TypeError` at the call, naming the template
 * and the argument: reach a field with a path (`{0.id}`) or pass a key function.
 *
 * When errors show: a malformed template, or a placeholder past the function's declared
 * parameters, throws when the wrapper is created. A path that finds nothing (`{0.idd}`) or a value
 * a template cannot format can only be seen in the arguments, so it throws at the first call that
 * passes such arguments, before anything is locked or read. A computed key is never empty.
 *
 * @typeParam Args - The wrapped function's parameters.
 * @example
 * ```ts
 * 'charge-{0}'          // the first argument
 * 'profile-{0.id}'      // a property of the first argument
 * (a, b) => `${a}/${b}` // anything else
 * ```
 * @see [Keys from fields, or from a function](https://cachify.dev/wrappers/locked/#keys-from-fields-or-from-a-function) in the guide
 */
export type KeySource<Args extends unknown[]> = string | KeyFunction<Args>;

interface Placeholder {
  readonly index: number;
  readonly path: readonly string[];
  readonly text: string;
}

const PLACEHOLDER = /^(\d+)((?:\.[^.{}]+)*)$/;

/**
 * Compiles a key source once, when the wrapper is created. Throws `TypeError` / `RangeError`
 * naming the template when it is malformed or uses a parameter `fn` does not declare (a
 * defaulted or rest parameter cannot fill a template: use a key function for those).
 *
 * What only the arguments can tell is checked at each call, before anything is locked or read:
 * a path that finds nothing (`{0.idd}`), or a value a template cannot format (see
 * {@link KeySource}), throws a `TypeError` naming the template and the argument; so does a key
 * that comes out empty.
 */
export function compileKey<Args extends unknown[]>(
  where: string,
  key: unknown,
  fn: (...args: Args) => unknown,
): (args: Args) => string {
  if (typeof key === 'function') {
    const keyFunction = key as KeyFunction<Args>;
    return (args) => {
      const computed = keyFunction(...args);
      if (typeof computed !== 'string' || computed.length === 0) {
        throw new TypeError(
          `${where}: the \`key\` function must return a non-empty string, got ${describeValue(computed)}`,
        );
      }
      return computed;
    };
  }
  if (typeof key !== 'string' || key.length === 0) {
    throw new TypeError(
      `${where}: \`key\` must be a non-empty string template or a function, got ${describeValue(key)}`,
    );
  }
  const parts = parseTemplate(where, key);
  for (const part of parts) {
    if (typeof part !== 'string' && part.index >= fn.length) {
      throw new RangeError(
        `${where}: key template ${JSON.stringify(key)} uses {${part.text}} but the function declares ${fn.length} parameter${fn.length === 1 ? '' : 's'} (for defaulted or rest parameters use a key function)`,
      );
    }
  }
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const constant = parts[0];
    return () => constant;
  }
  return (args) => {
    let out = '';
    for (const part of parts) {
      out += typeof part === 'string' ? part : fill(where, key, part, args);
    }
    if (out === '') {
      throw new TypeError(
        `${where}: key template ${JSON.stringify(key)} gave an empty key for these arguments (an empty string fills it): a key is never empty`,
      );
    }
    return out;
  };
}

function parseTemplate(where: string, template: string): Array<string | Placeholder> {
  const parts: Array<string | Placeholder> = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char === '{' && template[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (char === '}' && template[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (char === '{') {
      const end = template.indexOf('}', i);
      const text = end === -1 ? '' : template.slice(i + 1, end);
      const match = PLACEHOLDER.exec(text);
      if (end === -1 || match === null) {
        throw new TypeError(
          `${where}: key template ${JSON.stringify(template)} has a malformed placeholder at position ${i}: use {0}, {1}, {0.id} (and {{ or }} for literal braces)`,
        );
      }
      if (literal !== '') parts.push(literal);
      literal = '';
      const path = match[2] === '' ? [] : match[2].slice(1).split('.');
      parts.push({ index: Number(match[1]), path, text });
      i = end;
    } else if (char === '}') {
      throw new TypeError(
        `${where}: key template ${JSON.stringify(template)} has an unmatched } at position ${i} (write }} for a literal brace)`,
      );
    } else {
      literal += char;
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(literal);
  return parts;
}

function fill(
  where: string,
  template: string,
  part: Placeholder,
  args: readonly unknown[],
): string {
  let value: unknown = args[part.index];
  let reached = String(part.index);
  for (const name of part.path) {
    if (value === null || value === undefined) break;
    value = (value as Record<string, unknown>)[name];
    reached += `.${name}`;
  }
  const text = formatKeyPart(value);
  if (text === undefined) {
    const what =
      reached === part.text
        ? `{${part.text}} (argument ${part.index}${part.path.length > 0 ? `, property ${part.path.join('.')}` : ''}) is ${describeKeyPart(value)}`
        : `{${reached}} is ${describeKeyPart(value)}, so {${part.text}} cannot be read`;
    throw new TypeError(
      `${where}: key template ${JSON.stringify(template)} cannot be filled: ${what}. A template formats strings, finite numbers, bigints, booleans and Dates; use a property path like {${part.index}.id} or a key function`,
    );
  }
  return text;
}

/**
 * The text a template puts in the key for `value`, or `undefined` when it has none that would keep
 * two different values apart: strings as they are, finite numbers and bigints in decimal, booleans,
 * and valid Dates in ISO form to the millisecond (`2024-05-01T09:30:00.250Z`).
 */
function formatKeyPart(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'object':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
      return undefined;
    default:
      return undefined;
  }
}

/** What a value a template cannot format is, for the error message. */
function describeKeyPart(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'an invalid Date';
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null) return 'an object with a null prototype';
  if (prototype === Object.prototype) return 'an object';
  const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
}
