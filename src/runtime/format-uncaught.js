// Plain JavaScript on purpose: the WebContainer mounts this file as is, next to the step, and the
// Worker runner imports it, so every runtime reports an uncaught error in the same words. The page
// and the recorder read stack frames with the pattern below, so it lives here, in the one file
// every runtime has.

/**
 * A stack frame line as V8 prints it, and as `formatUncaught` prints every frame:
 * `    at fn (file:1:2)`.
 */
export const STACK_FRAME = /^\s+at\s/;

/**
 * Formats an uncaught error the way every runtime of the guide prints it: `Uncaught Name: message`,
 * then one `    at ...` line per stack frame.
 *
 * @param {unknown} error what was thrown
 * @param {(value: unknown) => string} [inspect] how a thrown non-error is shown (Node's
 *   `util.inspect`, so `throw { code: 42 }` reads `Uncaught { code: 42 }`)
 * @returns {string} the report, ending with a newline
 */
export function formatUncaught(error, inspect) {
  if (isErrorLike(error)) {
    const frames = stackFrames(error.stack, error.name);
    return `Uncaught ${error.name}: ${error.message}\n${frames.map((frame) => `    at ${frame}\n`).join('')}`;
  }
  if (inspect) return `Uncaught ${inspect(error)}\n`;
  return `Uncaught ${typeof error === 'string' ? `'${error}'` : String(error)}\n`;
}

/**
 * @param {unknown} value
 * @returns {value is { name: string, message: string, stack?: unknown }}
 */
function isErrorLike(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (/** @type {{ name?: unknown }} */ (value).name) === 'string' &&
    typeof (/** @type {{ message?: unknown }} */ (value).message) === 'string'
  );
}

/**
 * Stack frames without the header, from V8 (`    at fn (url:1:2)`) or from Firefox and Safari
 * (`fn@url:1:2`) stacks.
 *
 * @param {unknown} stack
 * @param {string} name
 * @returns {string[]}
 */
function stackFrames(stack, name) {
  if (typeof stack !== 'string') return [];
  const lines = stack.split('\n');
  const v8 = lines.filter((line) => STACK_FRAME.test(line)).map((line) => line.trim().slice(3));
  if (v8.length > 0 || stack.startsWith(name)) return v8;
  return lines
    .filter((line) => line.includes('@') || /:\d+:\d+$/.test(line))
    .map((line) => {
      const at = line.lastIndexOf('@');
      const fn = line.slice(0, at);
      const where = line.slice(at + 1);
      return fn ? `${fn} (${where})` : where;
    });
}
