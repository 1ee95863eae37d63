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
  const problem = findProblem(value, encoded ? 'encoded' : 'result', new Set());
  if (problem === undefined) return;
  const [path, what] = problem;
  const subject = encoded ? 'what `encode` returned' : 'the result';
  throw new TypeError(
    `${where}: cannot store ${subject}: ${path} is ${what}, which JSON (the stored form, in memory as on Redis) would not give back as it was. ${
      encoded
        ? 'Have `encode` return JSON values: null, booleans, strings, finite numbers, and arrays and plain objects of them'
        : 'Pass `encode` and `decode` to store it as JSON values (e.g. a Map: `encode: (m) => [...m]`, `decode: (entries) => new Map(entries)`)'
    }`,
  );
}

/** The path to the first part of `value` JSON would not give back, and what it is. */
function findProblem(
  value: unknown,
  path: string,
  parents: Set<object>,
): [path: string, what: string] | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : [path, String(value)];
    case 'undefined':
      return [path, 'undefined'];
    case 'bigint':
      return [path, 'a bigint'];
    case 'symbol':
      return [path, 'a symbol'];
    case 'function':
      return [path, 'a function'];
  }
  if (value === null) return undefined;
  const object = value as object;
  if (parents.has(object)) return [path, 'a reference to one of its own parents (a cycle)'];
  const prototype = Object.getPrototypeOf(object);
  if (Array.isArray(object)) {
    if (prototype !== Array.prototype) return [path, describeObject(object, prototype)];
    parents.add(object);
    const array = object as unknown[];
    for (let i = 0; i < array.length; i++) {
      if (!(i in array)) return [`${path}[${i}]`, 'a hole in the array'];
      const found = findProblem(array[i], `${path}[${i}]`, parents);
      if (found !== undefined) return found;
    }
    const extra = Object.keys(array).length - array.length;
    if (extra > 0) return [path, 'an array with named properties'];
    parents.delete(object);
    return undefined;
  }
  if (prototype !== Object.prototype) return [path, describeObject(object, prototype)];
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return [path, 'an object with a toJSON method'];
  }
  const symbols = Object.getOwnPropertySymbols(object);
  if (symbols.some((symbol) => Object.getOwnPropertyDescriptor(object, symbol)?.enumerable)) {
    return [path, 'an object with symbol keys'];
  }
  parents.add(object);
  for (const [name, item] of Object.entries(object)) {
    const found = findProblem(item, `${path}${propertyPath(name)}`, parents);
    if (found !== undefined) return found;
  }
  parents.delete(object);
  return undefined;
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

function propertyPath(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
