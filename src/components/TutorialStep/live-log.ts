/**
 * The live output panel's log: output is queued as it arrives and drawn once per animation frame,
 * only the newest `maxLines` lines are kept (a line at the top says how many earlier ones were
 * left out, as a terminal's scrollback does), and the view follows the newest line unless the
 * reader has scrolled up. However fast a program prints, the page stays responsive.
 *
 * @module
 */
import {
  type AnsiRenderer,
  countLines,
  dropOldestLines,
  type MutableChunk,
  type OutputChunk,
} from '../../runtime/index.ts';
import { renderChunk } from './render-output.ts';

/** Lines kept in the panel by default. */
export const DEFAULT_MAX_LINES = 3000;
/** Lines per rendered piece, so old output can be dropped in small steps. */
const PIECE_LINES = 100;
/**
 * Most lines drawn in one frame while output keeps coming. A flood brings more than a frame can
 * draw; then the panel shows the newest of them and counts the rest as left out, so no frame
 * blocks the page however fast the program prints.
 */
const FRAME_LINES = 400;

/** Draws one run's output into a `<pre>`. */
export class LiveLog {
  readonly element: HTMLElement;
  #maxLines: number;
  #ansi: AnsiRenderer;
  #pending: MutableChunk[] = [];
  #pendingLines = 0;
  /** Lines dropped so far, shown in the notice. */
  #omitted = 0;
  #pieces: { node: HTMLElement; lines: number }[] = [];
  #lines = 0;
  #notice: HTMLElement;
  #frame: number | undefined;
  #following = true;
  #onFirstOutput: (() => void) | undefined;

  /**
   * @param element - The `<pre>` to draw into.
   * @param ansi - Renders the run's output, keeping its colour state from chunk to chunk.
   * @param onFirstOutput - Called when the first output arrives (before it is drawn).
   */
  constructor(
    element: HTMLElement,
    ansi: AnsiRenderer,
    onFirstOutput?: () => void,
    maxLines = DEFAULT_MAX_LINES,
  ) {
    this.element = element;
    this.#ansi = ansi;
    this.#maxLines = maxLines;
    this.#onFirstOutput = onFirstOutput;
    this.#notice = document.createElement('div');
    this.#notice.className = 'omitted';
    this.#notice.dataset.stepPart = 'omitted';
    this.#notice.hidden = true;
    element.append(this.#notice);
    // Whether the reader is at the newest line, kept from scroll events so drawing reads no layout.
    element.addEventListener(
      'scroll',
      () => {
        this.#following = element.scrollTop + element.clientHeight >= element.scrollHeight - 4;
      },
      { passive: true },
    );
  }

  /** Queues output; drawn on the next animation frame. */
  add(chunk: OutputChunk, omittedLinesBefore = 0): void {
    if (this.#onFirstOutput) {
      const first = this.#onFirstOutput;
      this.#onFirstOutput = undefined;
      first();
    }
    if (omittedLinesBefore > 0) {
      // Everything queued so far is older than the dropped lines.
      this.#omitted += this.#pendingLines + omittedLinesBefore;
      this.#pending = [];
      this.#pendingLines = 0;
    }
    const last = this.#pending.at(-1);
    if (last && last.stream === chunk.stream) last.text += chunk.text;
    else this.#pending.push({ stream: chunk.stream, text: chunk.text });
    this.#pendingLines += countLines(chunk.text);
    if (this.#pendingLines > this.#maxLines * 2) this.#trimPending(this.#maxLines);
    this.#frame ??= requestAnimationFrame(() => {
      this.#frame = undefined;
      this.flush(FRAME_LINES);
    });
  }

  /**
   * Draws what is queued now (at the end of a run, so its last lines show at once). With
   * `budget`, at most that many of the newest lines are drawn and everything older is left out;
   * by default the whole queue, unless a flood has already left lines out.
   */
  flush(budget = this.#omitted > 0 ? FRAME_LINES : this.#maxLines): void {
    if (this.#frame !== undefined) {
      cancelAnimationFrame(this.#frame);
      this.#frame = undefined;
    }
    if (this.#pending.length === 0) return;
    const started = performance.now();
    if (this.#pendingLines > budget) {
      // More than a frame can draw: what is on screen is older still, so it goes too.
      for (const piece of this.#pieces) piece.node.remove();
      this.#omitted += this.#lines;
      this.#pieces = [];
      this.#lines = 0;
      this.#trimPending(budget);
    }
    this.#trimPending(this.#maxLines);
    const log = this.element;
    // Follow new output like a terminal, unless the reader scrolled up to read.
    const following = this.#following;
    const fragment = document.createDocumentFragment();
    for (const chunk of this.#pending) {
      for (const piece of splitLines(chunk.text, PIECE_LINES)) {
        const node = renderChunk({ stream: chunk.stream, text: piece }, this.#ansi);
        const lines = countLines(piece);
        this.#pieces.push({ node, lines });
        this.#lines += lines;
        fragment.append(node);
      }
    }
    this.#pending = [];
    this.#pendingLines = 0;
    log.append(fragment);
    while (this.#lines > this.#maxLines && this.#pieces.length > 1) {
      const piece = this.#pieces.shift() as { node: HTMLElement; lines: number };
      piece.node.remove();
      this.#lines -= piece.lines;
      this.#omitted += piece.lines;
    }
    if (this.#omitted > 0) {
      this.#notice.hidden = false;
      this.#notice.textContent = `… ${this.#omitted.toLocaleString('en-US')} earlier ${
        this.#omitted === 1 ? 'line' : 'lines'
      } not shown (the panel keeps the last ${this.#maxLines.toLocaleString('en-US')})`;
    }
    if (following) log.scrollTop = log.scrollHeight;
    performance.measure('cachify: draw output', { start: started });
  }

  /** Keeps the newest `keep` lines of the queue, counting the rest as left out. */
  #trimPending(keep: number): void {
    if (this.#pendingLines <= keep) return;
    const dropped = dropOldestLines(this.#pending, this.#pendingLines - keep);
    this.#pendingLines -= dropped;
    this.#omitted += dropped;
  }
}

/** `text` in pieces of at most `lines` lines each. */
function splitLines(text: string, lines: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++count === lines) {
      pieces.push(text.slice(start, i + 1));
      start = i + 1;
      count = 0;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}
