/**
 * Live output as DOM: each chunk's text through ansi_up (which escapes every character the
 * program printed), stderr marked, and the stack frames of an uncaught error folded into a
 * `<details>`, so the error's name and message stay in view.
 *
 * @module
 */
import { type AnsiRenderer, type OutputChunk, STACK_FRAME } from '../../runtime/index.ts';

/** Renders one chunk of output. */
export function renderChunk(chunk: OutputChunk, ansi: AnsiRenderer): HTMLElement {
  const span = document.createElement('span');
  if (chunk.stream === 'stderr') span.className = 'stderr';
  const lines = chunk.text.split(/(?<=\n)/);
  let frames: string[] = [];
  // Consecutive plain lines are rendered and parsed as one piece: a flood draws thousands.
  let plain = '';
  const flushPlain = () => {
    if (plain === '') return;
    span.insertAdjacentHTML('beforeend', ansi.render(plain)); // escaped by ansi_up
    plain = '';
  };
  const flushFrames = () => {
    if (frames.length === 0) return;
    flushPlain();
    const details = document.createElement('details');
    details.className = 'stack';
    const summary = document.createElement('summary');
    summary.textContent = `stack trace (${frames.length} ${frames.length === 1 ? 'frame' : 'frames'})`;
    const body = document.createElement('span');
    body.innerHTML = ansi.render(frames.join('')); // escaped by ansi_up
    details.append(summary, body);
    span.append(details);
    frames = [];
  };
  for (const line of lines) {
    if (STACK_FRAME.test(line)) {
      frames.push(line);
      continue;
    }
    flushFrames();
    plain += line;
  }
  flushFrames();
  flushPlain();
  return span;
}
