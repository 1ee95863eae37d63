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
  if (value === null || value === undefined) {
    throw new TypeError(
      `${where}: cannot fill {${part.text}} of key template ${JSON.stringify(template)}: {${reached}} is ${value}`,
    );
  }
  const text = String(value);
  if (text.startsWith('[object ')) {
    // Every plain object would give the same key and silently share one lock.
    throw new TypeError(
      `${where}: cannot fill {${part.text}} of key template ${JSON.stringify(template)} with an object: use a property path like {${part.index}.id} or a key function`,
    );
  }
  return text;
}
