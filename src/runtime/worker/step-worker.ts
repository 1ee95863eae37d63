/**
 * The module Worker of the fallback runner: receives one program, runs it with a
 * `ProgramHost`, and posts its output (in batches) and exit back. The page terminates the Worker
 * to stop it.
 *
 * @module
 */
/// <reference lib="webworker" />
import { Buffer } from 'buffer';
import { OutputBatcher } from './output-batcher.ts';
import { ProgramHost } from './program-host.ts';
import type { PreloadMessage, RunMessage, WorkerMessage } from './protocol.ts';
import { installStackMapping } from './stack-mapping.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage) => self.postMessage(message);
const batcher = new OutputBatcher({ post: (batch) => post({ type: 'output', ...batch }) });

/** Markers rejected on purpose: their `unhandledrejection` comes after every earlier one. */
const markers = new Map<object, () => void>();

(self as unknown as { Buffer: typeof Buffer }).Buffer = Buffer;
const host = new ProgramHost(self as unknown as ConstructorParameters<typeof ProgramHost>[0], {
  output: (stream, text) => batcher.write(stream, text),
  exit: (code) => {
    batcher.flush();
    post({ type: 'exit', code });
  },
  // `astro dev` loads Vite's client in the Worker, which logs "[vite] connected.".
  ignore: (args) =>
    import.meta.env.DEV && typeof args[0] === 'string' && args[0].startsWith('[vite]'),
  rejectionsReported: () =>
    new Promise((resolve) => {
      const marker = {};
      markers.set(marker, resolve);
      void Promise.reject(marker);
    }),
});

self.addEventListener('error', (event) => {
  event.preventDefault();
  host.crash(event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  const marker = markers.get(event.reason);
  if (marker) {
    markers.delete(event.reason);
    marker();
    return;
  }
  host.rejection(event.reason);
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
  installStackMapping({
    programUrl: url,
    programCode: message.code,
    libraryUrl: message.libraryUrl,
  });
  void host.run(url);
});
