import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Lowers `using` / `await using`, which Node 20 cannot parse.
  oxc: { target: 'es2022' },
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores are shared with other work: a few files at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
