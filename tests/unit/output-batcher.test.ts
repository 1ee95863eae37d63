/**
 * The Worker's output batching: a program printing in a tight loop sends a few messages, not one
 * per line, keeps only the newest lines, and says how many it dropped; a line printed just before
 * a long computation is sent at once.
 */
import { describe, expect, it } from 'vitest';
import { countLines } from '../../src/runtime/output-tail.ts';
import { type OutputBatch, OutputBatcher } from '../../src/runtime/worker/output-batcher.ts';

describe('the output batcher', () => {
  it('sends the first writes at once, then gathers the rest of the window', () => {
    const batches: OutputBatch[] = [];
    const batcher = new OutputBatcher({ post: (b) => batches.push(b), now: () => 0 });
    batcher.write('stdout', 'one\n');
    batcher.write('stderr', 'two\n');
    expect(batches).toEqual([
      { chunks: [{ stream: 'stdout', text: 'one\n' }], omittedLines: 0 },
      { chunks: [{ stream: 'stderr', text: 'two\n' }], omittedLines: 0 },
    ]);
  });

  it('turns 200,000 lines printed at once into a few messages with the newest lines', () => {
    const batches: OutputBatch[] = [];
    let clock = 0;
    const batcher = new OutputBatcher({
      post: (b) => batches.push(b),
      now: () => clock,
      keepLines: 3000,
    });
    for (let i = 1; i <= 200_000; i++) {
      batcher.write('stdout', `line ${i}\n`);
      if (i % 10_000 === 0) clock += 5; // 5 ms per 10,000 lines
    }
    batcher.flush();
    expect(batches.length).toBeLessThan(1000);
    const total = batches.reduce(
      (sum, b) => sum + b.omittedLines + b.chunks.reduce((n, c) => n + countLines(c.text), 0),
      0,
    );
    expect(total).toBe(200_000);
    const last = batches.at(-1) as OutputBatch;
    expect(last.chunks.at(-1)?.text.endsWith('line 200000\n')).toBe(true);
    for (const batch of batches) {
      expect(batch.chunks.reduce((n, c) => n + countLines(c.text), 0)).toBeLessThanOrEqual(3000);
    }
  });
});
