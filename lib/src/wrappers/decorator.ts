import { checkOptionsObject } from '../options.js';
import type { AnyFunction } from './locked.js';

/**
 * A standard (TC39) class method decorator, what `locked(options)`, `once(options)` and
 * `cached(options)` return when called without a function:
 *
 * ```ts
 * class Reports {
 *   @locked({ key: 'report-{0}' })
 *   async build(day: string) { ... }
 * }
 * ```
 *
 * Templates count the method's parameters (`this` is not one of them). The wrapper's helpers are
 * on the method: `reports.build.isLocked('mon')`.
 *
 * @typeParam This - The class the method belongs to.
 * @typeParam Method - The decorated method's type, kept as is.
 * @param method - The decorated method.
 * @param context - The decorator context; only `kind: 'method'` is accepted.
 * @see [As a method decorator](https://cachify.dev/wrappers/locked/#as-a-method-decorator) in the guide
 */
export type CachifyMethodDecorator = <
  This,
  // biome-ignore lint/suspicious/noExplicitAny: the constraint of TypeScript's ClassMethodDecoratorContext
  Method extends (this: This, ...args: any) => any,
>(
  method: Method,
  context: ClassMethodDecoratorContext<This, Method>,
) => Method;

/**
 * @internal Turns a wrapper factory into a method decorator. The option names are checked now;
 * the rest when the decorator meets its method (templates count the method's parameters).
 */
export function methodDecorator(
  where: string,
  options: unknown,
  optionNames: readonly string[],
  wrap: (method: AnyFunction) => unknown,
) {
  checkOptionsObject(where, options, optionNames);
  return ((method: AnyFunction, context: { kind?: unknown } | undefined) => {
    if (context?.kind !== 'method') {
      throw new TypeError(
        `${where} without a function is a decorator for class methods; to wrap a function, pass it as the second argument`,
      );
    }
    return wrap(method);
  }) as unknown as CachifyMethodDecorator;
}
