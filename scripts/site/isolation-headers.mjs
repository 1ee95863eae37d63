// @ts-check
/**
 * Cross-origin isolation, which a WebContainer needs to boot. Astro applies these through
 * top-level `server.headers` to `astro dev` and `astro preview`; the browser tests' server
 * (`tests/support/site.ts`) sends them too; static hosts read the same pair from
 * `public/_headers` and `vercel.json` (a test keeps the three in step).
 * `require-corp` rather than `credentialless`, which Safari lacks.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
