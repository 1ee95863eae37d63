// @ts-check
/**
 * A TypeDoc plugin for the API reference:
 * - names the two modules after the import paths a user writes (`cachify`, `cachify/redis`)
 *   instead of their file names (`index`, `redis`);
 * - links module front pages by their Starlight URL (`reference/cachify/index.md` is served at
 *   `/reference/cachify/`, not `/reference/cachify/index/`);
 * - ranks reference text below the guide in search, so a search for a concept ("locked",
 *   "force release") finds the guide page that teaches it before the API entries that mention it;
 * - runs TypeDoc's validation (starlight-typedoc converts without it) and fails the build on what
 *   it reports: an export, member or parameter without TSDoc, or a `{@link}` that leads nowhere;
 * - turns the TSDoc's links to the guide (`https://cachify.dev/...`, absolute so that they work in
 *   an editor's hover) into site links, which the link check then verifies like any other.
 */
import { Converter, PageEvent, RendererEvent } from 'typedoc';

/** File-derived module name -> the import path users write. */
const importPaths = new Map([
  ['index', 'cachify'],
  ['redis', 'cachify/redis'],
]);

/** A Markdown link target ending in `/index/`. */
const INDEX_LINK = /\]\(([^)\s]*?\/)index\/(#[^)\s]*)?\)/g;

/** A Markdown link into the guide, by its absolute URL. */
const GUIDE_LINK = /\]\(https:\/\/cachify\.dev\//g;

/** Pagefind weight of a reference page's text (guide text weighs 1). */
const SEARCH_WEIGHT = 0.3;

/** The YAML frontmatter at the top of a generated page. */
const FRONTMATTER = /^---\n[\s\S]*?\n---\n/;

/** Wraps the body (not the frontmatter) of a page in an element that lowers its search weight. */
function lowerSearchWeight(/** @type {string} */ contents) {
  const frontmatter = contents.match(FRONTMATTER)?.[0] ?? '';
  const body = contents.slice(frontmatter.length);
  return `${frontmatter}\n<div data-pagefind-weight="${SEARCH_WEIGHT}">\n\n${body}\n\n</div>\n`;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) {
      module.name = importPaths.get(module.name) ?? module.name;
    }
  });
  // Validated when rendering starts, once links are resolved, as TypeDoc's own CLI does.
  app.renderer.on(RendererEvent.BEGIN, (event) => {
    app.validate(event.project);
    if (app.logger.hasErrors() || app.logger.hasWarnings()) {
      throw new Error('API reference: the TSDoc is incomplete (see the messages above)');
    }
  });
  app.renderer.on(PageEvent.END, (page) => {
    if (page.contents) {
      page.contents = lowerSearchWeight(
        page.contents.replace(INDEX_LINK, ']($1$2)').replace(GUIDE_LINK, '](/'),
      );
    }
  });
}
