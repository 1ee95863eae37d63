// Preloaded with `node --import` by the recorder and in the WebContainer, so an uncaught error is
// printed as `Uncaught Name: message` plus frames, as the Worker runner prints it, and exits 1.
import { inspect } from 'node:util';
import { formatUncaught } from './format-uncaught.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(formatUncaught(error, inspect));
  process.exit(1);
});
