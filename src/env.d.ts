/// <reference path="../.astro/types.d.ts" />

interface ImportMetaEnv {
  /** A StackBlitz API key for WebContainers (production use by a for-profit needs one). */
  readonly PUBLIC_WEBCONTAINER_API_KEY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
