/**
 * Runs one program with the Worker runner's `ProgramHost`, in a Node process of its own (the host
 * patches `console` and timers globally). Prints the host's events as JSON on exit.
 * Usage: node <this file, bundled> <program.js> (program-host.test.ts bundles it once).
 */
import { readFileSync } from 'node:fs';
import type { OutputChunk } from '../../src/runtime/output.ts';
import { ProgramHost } from '../../src/runtime/worker/program-host.ts';

// The host replaces the global `process` with the program's; keep Node's own.
const nodeProcess = process;
const write = process.stdout.write.bind(process.stdout);
const chunks: OutputChunk[] = [];
const host = new ProgramHost(
  globalThis as unknown as ConstructorParameters<typeof ProgramHost>[0],
  {
    output: (stream, text) => chunks.push({ stream, text }),
    exit: (code) => {
      write(`${JSON.stringify({ chunks, exitCode: code })}\n`);
      nodeProcess.exit(0);
    },
  },
);
// What a Worker's `error` and `unhandledrejection` events do in the browser.
nodeProcess.on('uncaughtException', (error) => host.crash(error));
nodeProcess.on('unhandledRejection', (reason) => host.rejection(reason));
const code = readFileSync(nodeProcess.argv[2] as string, 'utf8');
await host.run(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
