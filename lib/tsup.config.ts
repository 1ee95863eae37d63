import { defineConfig } from 'tsup';

export default defineConfig({
  // `cachify` (the core, no dependencies) and `cachify/redis`.
  entry: ['src/index.ts', 'src/redis.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
