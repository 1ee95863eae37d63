/**
 * Owner tokens: unique per acquisition, across processes and machines. A random 128-bit prefix
 * from `globalThis.crypto` (drawn once) plus a counter: as unique as a UUID per call, without
 * paying for fresh randomness on every acquisition. `getRandomValues` rather than `randomUUID`,
 * which pages served over plain http lack.
 */
const prefix = `${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (byte) =>
  byte.toString(16).padStart(2, '0'),
).join('')}:`;
let counter = 0;

/** A fresh owner token. */
export function newOwnerToken(): string {
  counter += 1;
  return prefix + counter;
}
