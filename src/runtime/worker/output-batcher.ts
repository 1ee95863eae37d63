/**
 * Output of a program in the Worker, sent to the page in batches: a program printing in a tight
 * loop would otherwise post one message per line and flood the page. Writes are posted at once
 * while they are few (so a line printed just before a long computation still shows), then gathered
 * until the current window ends. A batch keeps only its newest lines; older ones are counted.
 *
 * @module
 */

import type { OutputChunk, OutputStream } from '../output.ts';
import { countLines, dropOldestLines, type MutableChunk } from '../output-tail.ts';

/** One message's worth of output. */
export interface OutputBatch {
  /** Chunks in write order, adjacent chunks of one stream merged. */
  readonly chunks: OutputChunk[];
  /** Lines written before `chunks` that the batch dropped. */
  readonly omittedLines: number;
}

/** Options of `OutputBatcher`. */
export interface OutputBatcherOptions {
  /** Sends one batch to the page. */
  readonly post: (batch: OutputBatch) => void;
  /** Milliseconds; default `performance.now`. */
  readonly now?: () => number;
  /** Length of a window in milliseconds; default 16 (one frame). */
  readonly windowMs?: number;
  /** Batches posted at once per window before writes are gathered; default 8. */
  readonly postsPerWindow?: number;
  /** Newest lines a batch keeps; default 3000 (what the page keeps). */
  readonly keepLines?: number;
}

/** Gathers writes into batches; `flush()` posts what is left (before the program's exit). */
export class OutputBatcher {
  #options: Required<OutputBatcherOptions>;
  #chunks: MutableChunk[] = [];
  #lines = 0;
  #omitted = 0;
  #windowStart = Number.NEGATIVE_INFINITY;
  #posted = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #setTimeout: typeof setTimeout;

  constructor(options: OutputBatcherOptions) {
    this.#options = {
      now: () => performance.now(),
      windowMs: 16,
      postsPerWindow: 8,
      keepLines: 3000,
      ...options,
    };
    // The program's own timers are patched; the batcher uses the native one.
    this.#setTimeout = globalThis.setTimeout.bind(globalThis);
  }

  /** Takes one write of the program. */
  write(stream: OutputStream, text: string): void {
    if (text === '') return;
    const last = this.#chunks.at(-1);
    if (last && last.stream === stream) last.text += text;
    else this.#chunks.push({ stream, text });
    this.#lines += countLines(text);
    // Trimmed in bulk (amortised), so a flood costs the same per line however long it runs.
    if (this.#lines > this.#options.keepLines * 2) this.#trim();

    const now = this.#options.now();
    if (now - this.#windowStart >= this.#options.windowMs) {
      this.#windowStart = now;
      this.#posted = 0;
    }
    if (this.#posted < this.#options.postsPerWindow) {
      this.#posted++;
      this.flush();
    } else {
      // Posted when the window ends, or by the next write after it, whichever comes first.
      this.#timer ??= this.#setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, this.#options.windowMs);
    }
  }

  /** Posts the gathered output, if any. */
  flush(): void {
    if (this.#chunks.length === 0 && this.#omitted === 0) return;
    this.#trim();
    const batch: OutputBatch = { chunks: this.#chunks, omittedLines: this.#omitted };
    this.#chunks = [];
    this.#lines = 0;
    this.#omitted = 0;
    this.#options.post(batch);
  }

  /** Drops the oldest lines beyond `keepLines`. */
  #trim(): void {
    if (this.#lines <= this.#options.keepLines) return;
    const dropped = dropOldestLines(this.#chunks, this.#lines - this.#options.keepLines);
    this.#lines -= dropped;
    this.#omitted += dropped;
  }
}
