/**
 * Unknown option names: a typo'd option (`expire` for `exp`) must fail loudly rather than do
 * nothing.
 *
 * @module
 */

/**
 * Throws a `TypeError` when `options` has an own property whose name is not in `known`, naming it
 * and the nearest known name: "Unknown option `expire` for lock(); did you mean `exp`?".
 * Properties whose value is `undefined` are checked too (a misspelt name is wrong whatever it
 * holds).
 *
 * @param where - The function, as the message shows it: `'lock()'`, `'pool()'`.
 * @param options - The options object, already known to be an object.
 * @param known - Every option name the function accepts.
 * @example
 * ```ts
 * checkOptionNames('lock()', options, ['key', 'nowait', 'timeout', 'exp', 'signal', 'autoExtend']);
 * ```
 */
export function checkOptionNames(where: string, options: object, known: readonly string[]): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      const nearest = nearestName(name, known);
      throw new TypeError(
        `Unknown option \`${name}\` for ${where}${nearest === undefined ? `; the options are ${known.map((k) => `\`${k}\``).join(', ')}` : `; did you mean \`${nearest}\`?`}`,
      );
    }
  }
}

/**
 * The known name closest to `name` (edit distance, ignoring case), when it is close enough to be
 * a likely typo: at most a third of the longer name's letters apart, or one containing the other.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    let distance = editDistance(lower, other);
    if (distance > Math.max(2, Math.ceil(Math.max(lower.length, other.length) / 3))) {
      // `expire` / `exp`, `poll` / `lockPollInterval`: one name inside the other still says it.
      if (
        !(other.length >= 3 && lower.includes(other)) &&
        !(lower.length >= 3 && other.includes(lower))
      ) {
        continue;
      }
      distance = Math.abs(lower.length - other.length);
    }
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
