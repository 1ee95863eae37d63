/**
 * Owner tokens: unique per acquisition, across processes and machines. A random 122-bit prefix
 * from `globalThis.crypto` (drawn once) plus a counter: as unique as a UUID per call, without
 * paying for fresh randomness on every acquisition.
 */
const prefix = `${globalThis.crypto.randomUUID()}:`;
let counter = 0;

/** A fresh owner token. */
export function newOwnerToken(): string {
  counter += 1;
  return prefix + counter;
}
