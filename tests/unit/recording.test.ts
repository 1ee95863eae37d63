import { describe, expect, it } from 'vitest';
import { comparableText, stripAnsi, withoutStackFrames } from '../../src/runtime/output.ts';
import { mergeChunks } from '../../src/steps/recording.ts';

describe('recordings', () => {
  it('merges adjacent chunks of one stream and keeps the order of streams', () => {
    expect(
      mergeChunks([
        { stream: 'stdout', text: 'a\n' },
        { stream: 'stdout', text: 'b\n' },
        { stream: 'stderr', text: '' },
        { stream: 'stderr', text: 'c\n' },
        { stream: 'stdout', text: 'd\n' },
      ]),
    ).toEqual([
      { stream: 'stdout', text: 'a\nb\n' },
      { stream: 'stderr', text: 'c\n' },
      { stream: 'stdout', text: 'd\n' },
    ]);
  });

  it('drops stack frames but keeps the error line', () => {
    const error = new Error('boom');
    const text = `Uncaught ${error.stack}\n`;
    expect(withoutStackFrames(text)).toBe('Uncaught Error: boom\n');
  });

  it('compares output without colours, CRLF or frames', () => {
    expect(
      comparableText([
        { stream: 'stdout', text: '\u001b[31mred\u001b[39m\r\n' },
        { stream: 'stderr', text: 'Uncaught Error: x\n    at main (file.js:1:1)\n' },
      ]),
    ).toBe('red\nUncaught Error: x\n');
  });

  it('strips cursor and OSC escapes a terminal may send', () => {
    expect(stripAnsi('\u001b[2K\u001b[1Gdone\u001b]0;title\u0007')).toBe('done');
  });
});
