/**
 * The reader's edits, kept per step in `localStorage`, so they survive reloads and moving between
 * pages. An edit equal to the original is not kept; Reset forgets it. Storage that is full,
 * disabled or blocked only means the edit is not kept: editing goes on.
 *
 * @module
 */

/** The part of `Storage` used here, so tests can pass their own. */
export type EditStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The storage key of a step's edit. */
export function editKey(step: string): string {
  return `cachify:edit:${step}`;
}

/** The page's `localStorage`, or `undefined` where reading it throws (blocked cookies). */
export function pageStorage(): EditStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The kept edit of `step`, or `undefined` when there is none or it equals `original`. */
export function loadEdit(
  storage: EditStorage | undefined,
  step: string,
  original: string,
): string | undefined {
  try {
    const code = storage?.getItem(editKey(step)) ?? undefined;
    return code === undefined || code === original ? undefined : code;
  } catch {
    return undefined;
  }
}

/** Keeps `code` as the edit of `step`, or forgets the edit when `code` equals `original`. */
export function saveEdit(
  storage: EditStorage | undefined,
  step: string,
  original: string,
  code: string,
): void {
  if (code === original) {
    forgetEdit(storage, step);
    return;
  }
  try {
    storage?.setItem(editKey(step), code);
  } catch {
    // Full or blocked storage: the edit lives as long as the page.
  }
}

/** Forgets the edit of `step`. */
export function forgetEdit(storage: EditStorage | undefined, step: string): void {
  try {
    storage?.removeItem(editKey(step));
  } catch {
    // Nothing kept, nothing to forget.
  }
}
