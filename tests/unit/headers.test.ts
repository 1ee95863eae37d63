import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolationHeaders } from '../../scripts/site/isolation-headers.mjs';
import { ROOT } from '../../src/steps/discover.ts';

describe('cross-origin isolation headers', () => {
  it('public/_headers sends the same pair on every path (Netlify, Cloudflare Pages)', () => {
    const lines = readFileSync(join(ROOT, 'public/_headers'), 'utf8').split('\n');
    expect(lines[0]).toBe('/*');
    const headers = Object.fromEntries(
      lines
        .slice(1)
        .filter((line) => line.trim())
        .map((line) => line.trim().split(/:\s*/, 2) as [string, string]),
    );
    expect(headers).toEqual(isolationHeaders);
  });

  it('vercel.json sends the same pair on every path', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'vercel.json'), 'utf8')) as {
      headers: { source: string; headers: { key: string; value: string }[] }[];
    };
    expect(config.headers).toHaveLength(1);
    expect(config.headers[0]?.source).toBe('/(.*)');
    expect(
      Object.fromEntries(config.headers[0]?.headers.map(({ key, value }) => [key, value]) ?? []),
    ).toEqual(isolationHeaders);
  });
});
