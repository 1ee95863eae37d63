/**
 * Node's built-in modules in the Worker runner: the few a browser can provide (`buffer`,
 * `process`, `timers`, `timers/promises`) are small modules over the globals the Worker's program
 * host sets; importing any other is a transpile error of one line saying what the browser lacks and
 * how to run the example in Node.
 *
 * @module
 */

/** Sources of the built-ins the Worker provides, by name without `node:`. */
export const PROVIDED_BUILTINS: Readonly<Record<string, string>> = {
  buffer: 'export const Buffer = globalThis.Buffer;\nexport default { Buffer };\n',
  process:
    'const process = globalThis.process;\nexport default process;\n' +
    'export const { argv, env, exit, stdout, stderr, nextTick, hrtime, cwd } = process;\n',
  timers:
    'export const { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate } = globalThis;\n' +
    'export default { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate };\n',
  'timers/promises': `const aborted = (signal) => signal?.aborted ? Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }) : undefined;
const later = (schedule, value, options) => new Promise((resolve, reject) => {
  const error = aborted(options?.signal);
  if (error) return reject(error);
  const handle = schedule(() => resolve(value));
  if (options?.ref === false) handle.unref?.();
  options?.signal?.addEventListener('abort', () => { clearTimeout(handle); reject(aborted(options.signal)); }, { once: true });
});
export const setTimeout = (ms, value, options) => later((fn) => globalThis.setTimeout(fn, ms), value, options);
export const setImmediate = (value, options) => later((fn) => globalThis.setImmediate(fn), value, options);
export async function* setInterval(ms, value, options) { for (;;) yield await setTimeout(ms, value, options); }
export const scheduler = { wait: (ms, options) => setTimeout(ms, undefined, options), yield: () => setImmediate() };
export default { setTimeout, setImmediate, setInterval, scheduler };
`,
};

/** Node's built-in modules by name, with what a browser lacks to provide each. */
const LACKS: Readonly<Record<string, string>> = {
  fs: 'a file system',
  'fs/promises': 'a file system',
  path: 'file paths',
  os: 'an operating system to ask',
  child_process: 'processes',
  cluster: 'processes',
  worker_threads: "Node's worker threads",
  net: 'network sockets',
  http: 'network sockets',
  https: 'network sockets',
  http2: 'network sockets',
  dgram: 'network sockets',
  dns: 'network sockets',
  tls: 'network sockets',
  readline: 'a terminal to read from',
  tty: 'a terminal',
};
const OTHER_BUILTINS = [
  'assert',
  'assert/strict',
  'async_hooks',
  'crypto',
  'diagnostics_channel',
  'events',
  'inspector',
  'module',
  'perf_hooks',
  'querystring',
  'stream',
  'stream/promises',
  'string_decoder',
  'url',
  'util',
  'v8',
  'vm',
  'zlib',
];

/** The name of a Node built-in that `specifier` imports (`node:fs`, `fs`), or `undefined`. */
export function builtinName(specifier: string): string | undefined {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (specifier.startsWith('node:')) return name;
  if (name in PROVIDED_BUILTINS || name in LACKS || OTHER_BUILTINS.includes(name)) return name;
  return undefined;
}

/** The one line shown when a program imports a built-in the browser runtime does not have. */
export function missingBuiltinMessage(specifier: string): string {
  const name = builtinName(specifier) ?? specifier;
  const lacks = LACKS[name] ?? `Node's "${name}" module`;
  return (
    `"${specifier}" is not available here: the browser runtime lacks ${lacks}. ` +
    'To run this example in Node.js, save it as index.ts next to an installed cachify and run: npx tsx index.ts'
  );
}
