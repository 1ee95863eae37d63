import { describe, expect, it } from 'vitest';
import { AnsiRenderer } from '../../src/runtime/ansi.ts';

describe('live output rendering', () => {
  it('escapes what the program printed, so markup shows as text', () => {
    const html = new AnsiRenderer().render('<img src=x onerror=alert(1)>\n');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('turns ANSI colours into classes, keeping colour state across chunks', () => {
    const renderer = new AnsiRenderer();
    expect(renderer.render('\u001b[31mred ')).toBe('<span class="ansi-red-fg">red </span>');
    expect(renderer.render('still red\u001b[39m plain')).toBe(
      '<span class="ansi-red-fg">still red</span> plain',
    );
  });
});
