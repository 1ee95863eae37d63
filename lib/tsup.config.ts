import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The Redis entry joins the build once its source exists.
const entry = ['src/index.ts', ...(existsSync('src/redis.ts') ? ['src/redis.ts'] : [])];

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
