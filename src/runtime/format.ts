/**
 * Formats `console.*` arguments in the Worker runner exactly as Node's `console.log` does, so live
 * output matches the output recorded in Node.
 *
 * The formatting is Node's own `util.format` / `util.inspect`, extracted for browsers by
 * `node-inspect-extracted`. This module is imported only by the Worker, so the library stays out
 * of the page's initial JavaScript.
 *
 * Where a browser cannot match Node: a promise's state is not readable from JavaScript, so every
 * promise shows as `Promise { <pending> }`. The library follows current Node releases, which show
 * symbol keys as `Symbol(key)` and an ArrayBuffer's `[byteLength]` where Node 20 prints
 * `[Symbol(key)]` and `byteLength`.
 *
 * @module
 */
import { format } from 'node-inspect-extracted';

/** `console.log(...args)` as text, without the trailing newline. */
export function formatArgs(args: readonly unknown[]): string {
  return format(...args);
}
