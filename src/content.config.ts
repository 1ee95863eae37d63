import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { stepsLoader } from './steps/loader.ts';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  /** `tutorial-steps/<page>/<NN-name>/`: each step's program, `step.json` and `recording.json`. */
  steps: defineCollection({ loader: stepsLoader() }),
};
