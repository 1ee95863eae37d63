/**
 * What `cached()` may store: JSON values, on every backend. Redis keeps them as JSON text, so a
 * value JSON would change (a `Map` read back as `{}`, a `Date` as a string, `NaN` as `null`) is
 * refused when it is stored, and the memory backend refuses the same values, so that code that
 * works in memory works on Redis.
 *
 * @module
 */

/**
 * Throws a `TypeError` unless `value` comes back from JSON text equal to itself: `null`, booleans,
 * strings, finite numbers, and arrays and plain objects of those (no holes, no `undefined`, no
 * symbol keys, no cycles). The message names the function, the path to the first value that is
 * not, and its type, and points to `encode` / `decode`.
 */
export function checkStoredForm(where: string, value: unknown, encoded: boolean): void {
  const trail: Array<string | number> = [];
  const what = findProblem(value, [], trail);
  if (what === undefined) return;
  const path = formatPath(encoded ? 'encoded' : 'result', trail);
  const subject = encoded ? 'what `encode` returned' : 'the result';
  throw new TypeError(
    `${where}: cannot store ${subject}: ${path} is ${what}, which JSON (the stored form, in memory as on Redis) would not give back as it was. ${
      encoded
        ? 'Have `encode` return JSON values: null, booleans, strings, finite numbers, and arrays and plain objects of them'
        : 'Pass `encode` and `decode` to store it as JSON values (e.g. a Map: `encode: (m) => [...m]`, `decode: (entries) => new Map(entries)`)'
    }`,
  );
}

/**
 * What the first part of `value` that JSON would not give back is, or `undefined`; `trail` is left
 * holding the property names and indexes that lead to it (paths are built only for the message).
 */
function findProblem(
  value: unknown,
  parents: object[],
  trail: Array<string | number>,
): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : String(value);
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return 'a bigint';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (value === null) return undefined;
  const object = value as object;
  if (parents.includes(object)) return 'a reference to one of its own parents (a cycle)';
  const prototype = Object.getPrototypeOf(object);
  if (Array.isArray(object)) {
    if (prototype !== Array.prototype) return describeObject(object, prototype);
    const array = object as unknown[];
    parents.push(object);
    for (let i = 0; i < array.length; i++) {
      trail.push(i);
      if (!(i in array)) return 'a hole in the array';
      const found = findProblem(array[i], parents, trail);
      if (found !== undefined) return found;
      trail.pop();
    }
    parents.pop();
    if (Object.keys(array).length > array.length) return 'an array with named properties';
    return undefined;
  }
  if (prototype !== Object.prototype) return describeObject(object, prototype);
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return 'an object with a toJSON method';
  }
  const symbols = Object.getOwnPropertySymbols(object);
  if (
    symbols.length > 0 &&
    symbols.some((symbol) => Object.getOwnPropertyDescriptor(object, symbol)?.enumerable)
  ) {
    return 'an object with symbol keys';
  }
  parents.push(object);
  for (const name of Object.keys(object)) {
    trail.push(name);
    const found = findProblem((object as Record<string, unknown>)[name], parents, trail);
    if (found !== undefined) return found;
    trail.pop();
  }
  parents.pop();
  return undefined;
}

/** `result.user.createdAt`, `result[3]`, `result["a b"]`. */
function formatPath(root: string, trail: ReadonlyArray<string | number>): string {
  let path = root;
  for (const step of trail) {
    path +=
      typeof step === 'number'
        ? `[${step}]`
        : /^[A-Za-z_$][\w$]*$/.test(step)
          ? `.${step}`
          : `[${JSON.stringify(step)}]`;
  }
  return path;
}

/** Constructors named as such in messages ("a Map"); others are "an instance of class X". */
const BUILT_INS = new Set<unknown>([
  Map,
  Set,
  Date,
  RegExp,
  Error,
  Promise,
  WeakMap,
  WeakSet,
  ArrayBuffer,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  Uint8ClampedArray,
  DataView,
]);

function describeObject(object: object, prototype: unknown): string {
  if (prototype === null) return 'an object with a null prototype';
  const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== 'string' || name === '') return 'an instance of a class';
  return BUILT_INS.has(object.constructor) ? `a ${name}` : `an instance of class ${name}`;
}
