// @ts-check
/**
 * The API reference: starlight-typedoc turns the TSDoc of `cachify` and `cachify/redis` into
 * pages under `src/content/docs/reference/` at build time (generated, never committed), and
 * fills the sidebar group `apiReferenceSidebar` with them.
 */
import { fileURLToPath } from 'node:url';
import starlightTypeDoc, { typeDocSidebarGroup } from 'starlight-typedoc';

const lib = (/** @type {string} */ path) =>
  fileURLToPath(new URL(`./lib/${path}`, import.meta.url));

/** The Starlight plugin that generates the reference. */
export const apiReference = starlightTypeDoc({
  entryPoints: [lib('src/index.ts'), lib('src/redis.ts')],
  tsconfig: lib('tsconfig.json'),
  output: 'reference',
  sidebar: { label: 'API reference', collapsed: true },
  typeDoc: {
    name: 'API reference',
    plugin: [fileURLToPath(new URL('./reference.typedoc-plugin.mjs', import.meta.url))],
    // `index.md` pages, so `/reference/` is the reference's front page.
    entryFileName: 'index',
    // The library's own type check guards its sources; the reference only reads them.
    skipErrorChecking: true,
    // Source links would point into a local checkout, not to a public repository.
    disableSources: true,
    // Members marked `@internal` (constructors made by factory functions) are not the API.
    excludeInternal: true,
    excludeExternals: true,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    classPropertiesFormat: 'table',
    typeDeclarationFormat: 'table',
    useCodeBlocks: true,
    // Every export, member and parameter carries its TSDoc: the build fails on one that does not.
    validation: { notDocumented: true, invalidLink: true },
    requiredToBeDocumented: [
      'Class',
      'Interface',
      'Function',
      'TypeAlias',
      'Property',
      'Method',
      'Accessor',
      'Constructor',
      'Parameter',
      'TypeParameter',
    ],
    // The `this` and rest parameters inside two function types (a type constraint, an
    // intersection, a call signature), which TSDoc has no place for; the types around them say
    // what they are.
    intentionallyNotDocumented: [
      'cachify.CachifyMethodDecorator.__type.Method.__type.this',
      'cachify.CachifyMethodDecorator.__type.Method.__type.args',
      'cachify.OnceFunction.__type.this',
      'cachify.OnceFunction.__type.args',
      'cachify.PooledCall.__type.this',
      'cachify.PooledCall.__type.args',
    ],
    treatValidationWarningsAsErrors: true,
  },
});

/** The sidebar entry the plugin replaces with the generated pages. */
export const apiReferenceSidebar = typeDocSidebarGroup;
