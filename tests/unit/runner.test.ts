import { describe, expect, it, vi } from 'vitest';
import type { Program, RunEnd, Runner } from '../../src/runtime/runner.ts';
import { runWithTimeLimit } from '../../src/runtime/runner.ts';

const program: Program = { step: 'page/01-step', nodeCode: '', workerCode: '' };

/** A runner whose program runs until stopped. */
function endlessRunner(): Runner & { stops: number } {
  const state = { stops: 0 };
  return Object.assign(state, {
    kind: 'worker' as const,
    async run() {
      let resolve: (end: RunEnd) => void = () => {};
      const end = new Promise<RunEnd>((r) => {
        resolve = r;
      });
      return {
        end,
        stop: () => {
          state.stops++;
          resolve({ kind: 'stopped', by: 'reader' });
        },
      };
    },
  });
}

describe('the time limit of a run', () => {
  it('stops a program that runs past it and says so', async () => {
    vi.useFakeTimers();
    try {
      const runner = endlessRunner();
      const running = await runWithTimeLimit(runner, program, () => {}, 10_000);
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(running.end).resolves.toEqual({ kind: 'stopped', by: 'time-limit' });
      expect(runner.stops).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports Stop as stopped by the reader', async () => {
    const running = await runWithTimeLimit(endlessRunner(), program, () => {}, 10_000);
    running.stop();
    await expect(running.end).resolves.toEqual({ kind: 'stopped', by: 'reader' });
  });

  it('rejects a time limit that is not a positive number', async () => {
    await expect(runWithTimeLimit(endlessRunner(), program, () => {}, 0)).rejects.toThrow(
      /timeLimitMs must be a positive number/,
    );
  });
});
