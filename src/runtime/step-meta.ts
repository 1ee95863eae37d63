/**
 * `step.json`, optional beside a step: what the step needs to run.
 *
 * @module
 */

/** A service a step needs that a browser cannot provide. */
export type StepRequirement = 'redis';

/** The content of a step's optional `step.json`. */
export interface StepMeta {
  /** `false` when the step cannot run in the browser; its recorded output is shown instead. Default `true`. */
  readonly browser?: boolean;
  /** Services the recorder provides (Redis at `REDIS_URL`). Default none. */
  readonly requires?: readonly StepRequirement[];
  /** Why the step does not run in the browser, shown on the page. */
  readonly why?: string;
}

/** Checks a parsed `step.json` and returns it typed; throws a `TypeError` naming the bad field. */
export function parseStepMeta(value: unknown, where: string): StepMeta {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an object`);
  }
  const meta = value as Record<string, unknown>;
  if (meta.browser !== undefined && typeof meta.browser !== 'boolean') {
    throw new TypeError(`${where}: "browser" must be true or false`);
  }
  if (
    meta.requires !== undefined &&
    !(Array.isArray(meta.requires) && meta.requires.every((item) => item === 'redis'))
  ) {
    throw new TypeError(`${where}: "requires" must be a list of known services: ["redis"]`);
  }
  if (meta.why !== undefined && typeof meta.why !== 'string') {
    throw new TypeError(`${where}: "why" must be a string`);
  }
  return meta as StepMeta;
}
