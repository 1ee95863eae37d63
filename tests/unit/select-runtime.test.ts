import { describe, expect, it, vi } from 'vitest';
import type { Runner } from '../../src/runtime/runner.ts';
import { selectRuntime } from '../../src/runtime/select-runtime.ts';

const runner = (kind: Runner['kind']): Runner => ({
  kind,
  run: () => Promise.reject(new Error('not used')),
});
const isolated = { crossOriginIsolated: true, sharedArrayBuffer: true };

describe('choosing the runtime', () => {
  it('uses the WebContainer when it boots in time', async () => {
    const choice = await selectRuntime({
      support: isolated,
      bootWebContainer: async () => runner('webcontainer'),
      createFallback: () => runner('worker'),
    });
    expect(choice.runner.kind).toBe('webcontainer');
    expect(choice.reason).toBeUndefined();
  });

  it('falls back without trying to boot when the page is not cross-origin isolated', async () => {
    const boot = vi.fn(async () => runner('webcontainer'));
    const choice = await selectRuntime({
      support: { crossOriginIsolated: false, sharedArrayBuffer: false },
      bootWebContainer: boot,
      createFallback: () => runner('worker'),
    });
    expect(choice.runner.kind).toBe('worker');
    expect(choice.reason).toMatch(/not cross-origin isolated/);
    expect(boot).not.toHaveBeenCalled();
  });

  it('falls back when the browser has no SharedArrayBuffer', async () => {
    const choice = await selectRuntime({
      support: { crossOriginIsolated: true, sharedArrayBuffer: false },
      bootWebContainer: async () => runner('webcontainer'),
      createFallback: () => runner('worker'),
    });
    expect(choice.reason).toMatch(/SharedArrayBuffer/);
  });

  it('falls back and says why when the boot fails', async () => {
    const choice = await selectRuntime({
      support: isolated,
      bootWebContainer: () => Promise.reject(new Error('Unable to reach stackblitz.com')),
      createFallback: () => runner('worker'),
    });
    expect(choice.runner.kind).toBe('worker');
    expect(choice.reason).toBe('the WebContainer failed to boot: Unable to reach stackblitz.com');
  });

  it('falls back when the boot does not finish within the timeout', async () => {
    vi.useFakeTimers();
    try {
      const pending = selectRuntime({
        support: isolated,
        bootWebContainer: () => new Promise<Runner>(() => {}),
        createFallback: () => runner('worker'),
        bootTimeoutMs: 4000,
      });
      await vi.advanceTimersByTimeAsync(4000);
      const choice = await pending;
      expect(choice.runner.kind).toBe('worker');
      expect(choice.reason).toBe('the WebContainer did not boot within 4 s');
    } finally {
      vi.useRealTimers();
    }
  });
});
