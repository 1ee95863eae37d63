// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import starlightLinksValidator from 'starlight-links-validator';
import { apiReference, apiReferenceSidebar } from './reference.config.mjs';
import editorTypes from './scripts/site/editor-types.mjs';
import { isolationHeaders } from './scripts/site/isolation-headers.mjs';
import runtimeFiles from './scripts/site/runtime-files.mjs';

/** The guide's order. Each entry is a page slug under `src/content/docs/`. */
const sidebar = [
  { label: 'Introduction', slug: 'index' },
  {
    label: 'Getting started',
    items: [
      'getting-started/installation',
      'getting-started/run-locally',
      'getting-started/initializing',
    ],
  },
  {
    label: 'Locks',
    items: ['locks/what-is-a-lock', 'locks/getting-started', 'locks/parameters', 'locks/methods'],
  },
  {
    label: 'Pools',
    items: [
      'pools/what-is-a-pool',
      'pools/getting-started',
      'pools/parameters',
      'pools/methods',
      'pools/pooled',
    ],
  },
  {
    label: 'Wrapping functions',
    items: ['wrappers/locked', 'wrappers/once', 'wrappers/cached'],
  },
  { label: 'Redis', items: ['redis/locks-on-redis'] },
  { label: 'Safety and guarantees', slug: 'safety' },
  apiReferenceSidebar,
  { label: 'Migrating from py-cachify', slug: 'migrating-from-py-cachify' },
];

/**
 * Starlight plugins: the API reference, generated from the library's TSDoc; and a link check
 * that fails the build on a broken internal link or anchor in any page, generated ones included.
 */
const plugins = [apiReference, starlightLinksValidator()];

export default defineConfig({
  site: 'https://cachify.dev',
  server: { headers: isolationHeaders },
  integrations: [
    runtimeFiles(),
    editorTypes(),
    starlight({
      title: 'Cachify',
      description:
        'Locks for TypeScript in sync and async code, in memory or on Redis, with examples you can run in the browser.',
      social: [],
      sidebar,
      plugins,
    }),
  ],
  vite: {
    // `using` / `await using` in site code must be lowered for Node 20 at build time.
    esbuild: { target: 'es2022' },
    build: { target: 'es2022' },
    optimizeDeps: { esbuildOptions: { target: 'es2022' } },
    // Tree-shaking the workers cost rollup 7 s of each build (TypeScript's compiler, in the
    // language worker) and saved 1.7 KB of 3.7 MB.
    worker: { format: 'es', rollupOptions: { treeshake: false } },
  },
});
