import { describe, expect, it } from 'vitest';
import { formatUncaught } from '../../src/runtime/format-uncaught.js';

describe('uncaught error reports', () => {
  it('name the error, its message and its V8 frames', () => {
    const error = new TypeError('bad key');
    const report = formatUncaught(error);
    expect(report.split('\n')[0]).toBe('Uncaught TypeError: bad key');
    expect(report.split('\n')[1]).toMatch(/^ {4}at /);
    expect(report.endsWith('\n')).toBe(true);
  });

  it('read Firefox and Safari stacks as frames', () => {
    const error = { name: 'CachifyLockError', message: 'k is already locked!' } as Error;
    error.stack = 'acquire@http://x/index.js:10:5\n@http://x/step.js:3:1\n';
    expect(formatUncaught(error)).toBe(
      'Uncaught CachifyLockError: k is already locked!\n' +
        '    at acquire (http://x/index.js:10:5)\n' +
        '    at http://x/step.js:3:1\n',
    );
  });

  it('show thrown values that are not errors', () => {
    expect(formatUncaught('nope')).toBe("Uncaught 'nope'\n");
    expect(formatUncaught(42)).toBe('Uncaught 42\n');
  });
});
