/**
 * The guide backs its claims with the names of the tests that show them (“…” in `lib/test/…`).
 * A renamed test would leave the guide quoting a test that no longer exists: every quoted name
 * must still be the title of a test (or a group of tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function filesUnder(dir: string, endings: readonly string[]): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => endings.some((ending) => file.endsWith(ending)))
    .filter((file) => !file.split('/').includes('node_modules'))
    .map((file) => join(root, dir, file));
}

/**
 * The titles in the test sources: the first argument of `it`, `test` and `describe` (with their
 * modifiers), and of the call that `.each(…)` returns.
 */
function testTitles(): string[] {
  const titles: string[] = [];
  for (const file of [...filesUnder('lib/test', ['.ts']), ...filesUnder('tests', ['.ts'])]) {
    const source = readFileSync(file, 'utf8');
    const titled = /(?:\b(?:it|test|describe)(?:\.\w+)*|\))\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
    for (const match of source.matchAll(titled)) {
      titles.push((match[2] ?? '').replace(/\\(.)/g, '$1'));
    }
  }
  return titles;
}

const PLACEHOLDER = /%[sdifjo]|\$\{[^}]*\}|\$[A-Za-z_]\w*/;

/**
 * A title as a pattern: `%s`, `$kind` and `${…}` stand for whatever a run puts there; a trailing
 * group of them, such as “(%s)” naming the client, may be left out of a quote.
 */
function titlePattern(title: string): RegExp {
  const patternOf = (text: string) =>
    text
      .split(new RegExp(PLACEHOLDER.source, 'g'))
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+');
  const trailing = /^(.*) (\([^()]*\))$/.exec(title);
  if (trailing && PLACEHOLDER.test(trailing[2] ?? '')) {
    return new RegExp(`^${patternOf(trailing[1] ?? '')}(?: ${patternOf(trailing[2] ?? '')})?$`);
  }
  return new RegExp(`^${patternOf(title)}$`);
}

interface Citation {
  readonly page: string;
  readonly line: number;
  readonly name: string;
}

/**
 * Quoted names that cite tests: those whose line, or the next line or so after the quote, names a
 * test file (`lib/test/…`), “the suite” or “same file”, or says the quotes are test names (“tests
 * under …”). A quote may wrap over lines.
 */
function citations(): Citation[] {
  const found: Citation[] = [];
  for (const file of filesUnder('src/content/docs', ['.md', '.mdx'])) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/“([^”]+)”/g)) {
      const at = match.index ?? 0;
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const context = text.slice(lineStart, at + match[0].length + 120);
      if (!/lib\/test\/|the suite|same file|tests under/.test(context)) continue;
      found.push({
        page: relative(root, file),
        line: text.slice(0, at).split('\n').length,
        // MDX escapes `<` and `>` in prose; the test's own title does not.
        name: (match[1] ?? '').replace(/\s+/g, ' ').replace(/\\([<>{}])/g, '$1'),
      });
    }
  }
  return found;
}

describe('tests the guide cites', () => {
  const titles = testTitles();
  // A title made mostly of placeholders would match any quote: those are left out.
  const patterns = titles
    .filter((title) => PLACEHOLDER.test(title))
    .filter((title) => title.split(new RegExp(PLACEHOLDER.source, 'g')).join('').length >= 20)
    .map(titlePattern);
  const exact = new Set(titles);
  const cited = citations();

  it('finds the citations and the test titles to check them against', () => {
    expect(cited.length).toBeGreaterThan(50);
    expect(titles.length).toBeGreaterThan(400);
  });

  it('quotes only names that are the titles of tests or groups of tests today', () => {
    const stale = cited.filter(
      ({ name }) => !exact.has(name) && !patterns.some((pattern) => pattern.test(name)),
    );
    expect(stale.map(({ page, line, name }) => `${page}:${line}: “${name}”`)).toEqual([]);
  });
});
