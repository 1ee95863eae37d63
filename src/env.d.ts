/// <reference path="../.astro/types.d.ts" />

interface ImportMetaEnv {
  /** A StackBlitz API key for WebContainers (production use by a for-profit needs one). */
  readonly PUBLIC_WEBCONTAINER_API_KEY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

declare namespace App {
  interface Locals {
    /** Id bases the steps of the page being rendered have taken (`stepIdBase`). */
    takenStepIds?: Set<string>;
  }
}
