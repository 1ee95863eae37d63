// @ts-check
/**
 * A TypeDoc plugin for the API reference:
 * - names the two modules after the import paths a user writes (`cachify`, `cachify/redis`)
 *   instead of their file names (`index`, `redis`);
 * - links module front pages by their Starlight URL (`reference/cachify/index.md` is served at
 *   `/reference/cachify/`, not `/reference/cachify/index/`).
 */
import { Converter, PageEvent } from 'typedoc';

/** File-derived module name -> the import path users write. */
const importPaths = new Map([
  ['index', 'cachify'],
  ['redis', 'cachify/redis'],
]);

/** A Markdown link target ending in `/index/`. */
const INDEX_LINK = /\]\(([^)\s]*?\/)index\/(#[^)\s]*)?\)/g;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) {
      module.name = importPaths.get(module.name) ?? module.name;
    }
  });
  app.renderer.on(PageEvent.END, (page) => {
    if (page.contents) page.contents = page.contents.replace(INDEX_LINK, ']($1$2)');
  });
}
