/**
 * Element ids that stay unique when a page places one step more than once. Astro gives each page
 * render an `Astro.locals` of its own, so the ids taken are counted per page, as Starlight's
 * synced tabs keep their per-page state.
 *
 * @module
 */

/**
 * The base of the element ids of one placement of `step`: `step-<page>-<NN-name>` the first time
 * on a page, then `…-2`, `…-3`; every id of the placement starts with it.
 */
export function stepIdBase(locals: Pick<App.Locals, 'takenStepIds'>, step: string): string {
  const base = `step-${step.replace(/[^\w-]/g, '-')}`;
  locals.takenStepIds ??= new Set();
  let id = base;
  for (let n = 2; locals.takenStepIds.has(id); n++) id = `${base}-${n}`;
  locals.takenStepIds.add(id);
  return id;
}
