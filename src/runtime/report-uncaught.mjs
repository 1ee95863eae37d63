// Preloaded with `node --import` by the recorder and in the WebContainer, so an uncaught error is
// printed as `Uncaught Name: message` plus frames, as the Worker runner prints it, and exits 1.
// biome-ignore lint/correctness/noNodejsModules: preloaded by node only (recorder, WebContainer), never in a browser
import { inspect } from 'node:util';
import { formatUncaught } from './format-uncaught.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(formatUncaught(error, inspect));
  process.exit(1);
});
