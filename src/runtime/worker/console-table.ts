/**
 * `console.table` as Node 20 prints it: a port of Node's `lib/internal/console/constructor.js`
 * (`table`) and `lib/internal/cli_table.js` (MIT, Node.js contributors), with Node's own
 * `util.inspect` from node-inspect-extracted. Map and Set iterators, whose entries a browser cannot
 * preview, are read by iterating them.
 *
 * @module
 */
import { inspect } from 'node-inspect-extracted';
import { stripAnsi } from '../output.ts';

const chars = {
  middleMiddle: '─',
  rowMiddle: '┼',
  topRight: '┐',
  topLeft: '┌',
  leftMiddle: '├',
  topMiddle: '┬',
  bottomRight: '┘',
  bottomLeft: '└',
  bottomMiddle: '┴',
  rightMiddle: '┤',
  left: '│ ',
  right: ' │',
  middle: ' │ ',
};

const width = (text: string) => [...stripAnsi(text)].length;

function renderRow(row: readonly string[], widths: readonly number[]): string {
  let out = chars.left;
  row.forEach((cell, i) => {
    out += `${cell}${' '.repeat((widths[i] ?? 0) - width(cell))}`;
    if (i !== row.length - 1) out += chars.middle;
  });
  return `${out}${chars.right}`;
}

function cliTable(head: readonly string[], columns: readonly (readonly string[])[]): string {
  const rows: string[][] = [];
  const widths = head.map(width);
  const longest = columns.reduce((n, column) => Math.max(n, column.length), 0);
  head.forEach((_, i) => {
    const column = columns[i] ?? [];
    for (let j = 0; j < longest; j++) {
      rows[j] ??= [];
      const value = Object.hasOwn(column, j) ? (column[j] as string) : '';
      (rows[j] as string[])[i] = value;
      widths[i] = Math.max(widths[i] ?? 0, width(value));
    }
  });
  const divider = widths.map((w) => chars.middleMiddle.repeat(w + 2));
  let result =
    `${chars.topLeft}${divider.join(chars.topMiddle)}${chars.topRight}\n${renderRow(head, widths)}\n` +
    `${chars.leftMiddle}${divider.join(chars.rowMiddle)}${chars.rightMiddle}\n`;
  for (const row of rows) result += `${renderRow(row, widths)}\n`;
  return `${result}${chars.bottomLeft}${divider.join(chars.bottomMiddle)}${chars.bottomRight}`;
}

const isArrayish = (value: unknown) => Array.isArray(value) || ArrayBuffer.isView(value);

const cell = (value: unknown) => {
  const depth =
    value !== null &&
    typeof value === 'object' &&
    !isArrayish(value) &&
    Object.keys(value).length > 2
      ? -1
      : 0;
  return inspect(value, { depth, maxArrayLength: 3, breakLength: Number.POSITIVE_INFINITY });
};
const indexes = (length: number) => Array.from({ length }, (_, i) => cell(i));

const iteratorTag = (value: object) => Object.prototype.toString.call(value);

/**
 * What `console.table(data, properties)` prints, without the trailing newline; `undefined` when
 * `data` is not an object (Node then logs it as `console.log` would).
 */
export function renderTable(data: unknown, properties?: readonly string[]): string | undefined {
  if (properties !== undefined && !Array.isArray(properties)) {
    const error = new TypeError(
      `The "properties" argument must be an instance of Array. Received ${inspect(properties)}`,
    );
    Object.assign(error, { code: 'ERR_INVALID_ARG_TYPE' });
    throw error;
  }
  if (data === null || typeof data !== 'object') return undefined;
  const tag = iteratorTag(data);
  if (data instanceof Map || tag === '[object Map Iterator]') {
    const entries = [...(data as Iterable<unknown>)];
    const pairs = entries.every((entry) => Array.isArray(entry) && entry.length === 2);
    if (data instanceof Map || pairs) {
      const keys = entries.map((entry) => cell((entry as unknown[])[0]));
      const values = entries.map((entry) => cell((entry as unknown[])[1]));
      return cliTable(['(iteration index)', 'Key', 'Values'], [indexes(keys.length), keys, values]);
    }
    return cliTable(['(iteration index)', 'Values'], [indexes(entries.length), entries.map(cell)]);
  }
  if (data instanceof Set || tag === '[object Set Iterator]') {
    const values = [...(data as Iterable<unknown>)].map(cell);
    return cliTable(['(iteration index)', 'Values'], [indexes(values.length), values]);
  }

  const map: Record<string, string[]> = Object.create(null);
  let hasPrimitives = false;
  const primitives: string[] = [];
  const rowKeys = Object.keys(data);
  rowKeys.forEach((rowKey, i) => {
    const item = (data as Record<string, unknown>)[rowKey];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      primitives[i] = cell(item);
      return;
    }
    for (const key of properties ?? Object.keys(item as object)) {
      map[key] ??= [];
      (map[key] as string[])[i] =
        (primitive && properties) || !Object.hasOwn(item as object, key)
          ? ''
          : cell((item as Record<string, unknown>)[key]);
    }
  });
  const head = Object.keys(map);
  const columns = Object.values(map);
  if (hasPrimitives) {
    head.push('Values');
    columns.push(primitives);
  }
  return cliTable(['(index)', ...head], [rowKeys, ...columns]);
}
