/**
 * The module Worker of the fallback runner: receives one program, runs it with a
 * `ProgramHost`, and posts its output and exit back. The page terminates the Worker to stop it.
 *
 * @module
 */
/// <reference lib="webworker" />
import { ProgramHost } from './program-host.ts';
import type { PreloadMessage, RunMessage, WorkerMessage } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage) => self.postMessage(message);
const host = new ProgramHost(self as unknown as ConstructorParameters<typeof ProgramHost>[0], {
  output: (stream, text) => post({ type: 'output', stream, text }),
  exit: (code) => post({ type: 'exit', code }),
  // `astro dev` loads Vite's client in the Worker, which logs "[vite] connected.".
  ignore: (args) =>
    import.meta.env.DEV && typeof args[0] === 'string' && args[0].startsWith('[vite]'),
});

self.addEventListener('error', (event) => {
  event.preventDefault();
  host.crash(event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  host.crash(event.reason);
});
let ran = false;
self.addEventListener('message', (event: MessageEvent<RunMessage | PreloadMessage>) => {
  const message = event.data;
  if (message.type === 'preload') {
    // Errors surface when the program imports the module; a preload only warms the cache.
    for (const url of message.urls) import(/* @vite-ignore */ url).catch(() => {});
    return;
  }
  if (ran) return;
  ran = true;
  const url = URL.createObjectURL(new Blob([message.code], { type: 'text/javascript' }));
  void host.run(url);
});
