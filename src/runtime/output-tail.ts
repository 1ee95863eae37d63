/**
 * Keeping the newest lines of a flood of output: shared by the Worker, which sends only the
 * newest lines of each batch, and the page, which draws only the newest lines it keeps.
 *
 * @module
 */
import type { OutputStream } from './output.ts';

/** A chunk of output that can be cut from the front. */
export interface MutableChunk {
  stream: OutputStream;
  text: string;
}

/** Newline-terminated lines in `text`. */
export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Drops the oldest `excess` lines from the front of `chunks` (in place, whole chunks first, then
 * the start of the first one left). Returns how many lines were dropped.
 */
export function dropOldestLines(chunks: MutableChunk[], excess: number): number {
  let left = excess;
  while (left > 0 && chunks.length > 0) {
    const first = chunks[0] as MutableChunk;
    const lines = countLines(first.text);
    if (lines <= left) {
      chunks.shift();
      left -= lines;
      continue;
    }
    let cut = -1;
    for (let i = 0; i < left; i++) cut = first.text.indexOf('\n', cut + 1);
    first.text = first.text.slice(cut + 1);
    left = 0;
  }
  return excess - left;
}
