/**
 * Taking a lock or a pool slot: what `Lock` and `Pool` share. A signal aborted beforehand takes
 * nothing; one attempt on a backend with synchronous operations skips the event loop; a refusal
 * (held lock, full pool, a wait that timed out) is logged once and thrown; a sync call on an
 * async-only backend names the async call instead. What differs between the two (the backend's
 * operations, the request, the handle, the error) comes from an {@link AcquireKind}, given once
 * per kind to an {@link Acquirer}.
 *
 * @module
 */
import type { AcquireLockRequest, LockBackend, LockGrant } from '../backends/backend.js';
import type { CachifyError } from '../errors.js';
import type { HeldHandle } from '../handle.js';
import type { CachifyScope } from '../scope.js';
import { noSyncMethod } from './no-sync.js';

/** @internal The checked options every acquisition reads: those `lock()` and `pool()` share. */
export interface AcquireOptions {
  /** The key as written (no prefix). */
  readonly key: string;
  readonly nowait: boolean;
  readonly timeout: number | null;
  readonly signal: AbortSignal | undefined;
  readonly autoExtend: boolean | undefined;
}

/**
 * @internal What taking a lock and taking a pool slot do differently, given once per kind to its
 * {@link Acquirer}, so that an acquisition allocates nothing for it.
 *
 * @typeParam Options - The checked options of one lock or pool.
 * @typeParam Backend - The backend operations the kind needs.
 * @typeParam Request - What the backend is asked for.
 * @typeParam Handle - What a successful acquisition returns.
 */
export interface AcquireKind<
  Options extends AcquireOptions,
  Backend extends LockBackend,
  Request extends AcquireLockRequest,
  Handle extends HeldHandle,
> {
  /** The object's name in messages: "use `await lock.acquire()`". */
  readonly noun: 'lock' | 'pool';
  /** The scope's backend, when it can hold this kind; `method` names the call in the error. */
  backendOf(backend: LockBackend, method: string): Backend;
  /** The request of one acquisition, with a fresh owner token. */
  request(options: Options, storageKey: string, scope: CachifyScope): Request;
  acquire(backend: Backend, request: Request): Promise<LockGrant | null>;
  canAcquireSync(backend: Backend): boolean;
  /** Only where {@link AcquireKind.canAcquireSync} said yes. */
  acquireSync(backend: Backend, request: Request): LockGrant | null;
  /** The handle that owns what `grant` gave. */
  handle(
    options: Options,
    backend: Backend,
    request: Request,
    grant: LockGrant,
    autoExtend: boolean,
  ): Handle;
  /** The error of a refused acquisition: the lock is held, the pool is full, the wait timed out. */
  refusal(options: Options): CachifyError;
}

/**
 * @internal Takes the locks, or the pool slots, of one {@link AcquireKind}: one instance per kind,
 * made when its module loads.
 *
 * @typeParam Options - The checked options of one lock or pool.
 * @typeParam Backend - The backend operations the kind needs.
 * @typeParam Request - What the backend is asked for.
 * @typeParam Handle - What a successful acquisition returns.
 */
export class Acquirer<
  Options extends AcquireOptions,
  Backend extends LockBackend,
  Request extends AcquireLockRequest,
  Handle extends HeldHandle,
> {
  readonly #kind: AcquireKind<Options, Backend, Request, Handle>;

  /** @param kind - What differs for this kind: operations, request, handle, error. */
  constructor(kind: AcquireKind<Options, Backend, Request, Handle>) {
    this.#kind = kind;
  }

  /**
   * `lock.acquire()` and `pool.acquire()`: resolves the handle; rejects with the kind's refusal
   * (logged once) when the lock or slot cannot be had, or with `signal.reason` when the signal
   * aborts first. May throw, rather than reject, what the caller turns into a rejection.
   *
   * @param options - The lock's or pool's checked options.
   * @param scope - The instance it is taken on.
   * @param storageKey - Where the lock or pool lives in that instance.
   */
  acquire(options: Options, scope: CachifyScope, storageKey: string): Promise<Handle> {
    const kind = this.#kind;
    const backend = kind.backendOf(scope.backend, 'acquire()');
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const request = kind.request(options, storageKey, scope);
    if (!request.wait && kind.canAcquireSync(backend)) {
      // One attempt on a sync backend: no round trip through the event loop.
      const grant = kind.acquireSync(backend, request);
      return grant === null
        ? Promise.reject(logged(kind.refusal(options), scope))
        : Promise.resolve(
            kind.handle(options, backend, request, grant, autoExtendOf(options, backend)),
          );
    }
    return kind.acquire(backend, request).then((grant) => {
      if (grant === null) throw logged(kind.refusal(options), scope);
      return kind.handle(options, backend, request, grant, autoExtendOf(options, backend));
    });
  }

  /**
   * `lock.acquireSync()` and `pool.acquireSync()`: the handle, or the kind's refusal (logged
   * once) thrown. Needs a backend with synchronous operations; with `nowait: false` the backend
   * blocks the thread while it waits.
   *
   * @param options - The lock's or pool's checked options.
   * @param scope - The instance it is taken on.
   * @param storageKey - Where the lock or pool lives in that instance.
   */
  acquireSync(options: Options, scope: CachifyScope, storageKey: string): Handle {
    const kind = this.#kind;
    const backend = kind.backendOf(scope.backend, 'acquireSync()');
    if (!kind.canAcquireSync(backend)) {
      throw noSyncMethod(kind.noun, 'acquireSync()', backend, 'acquire');
    }
    options.signal?.throwIfAborted();
    const request = kind.request(options, storageKey, scope);
    const grant = kind.acquireSync(backend, request);
    if (grant === null) throw logged(kind.refusal(options), scope);
    return kind.handle(options, backend, request, grant, autoExtendOf(options, backend));
  }
}

/** Whether a handle renews itself: the option, else the backend's default, else no. */
function autoExtendOf(options: AcquireOptions, backend: LockBackend): boolean {
  return options.autoExtend ?? backend.autoExtend ?? false;
}

/** Logs a refusal, once per failed acquisition (never once per retry), and returns it. */
function logged(refusal: CachifyError, scope: CachifyScope): CachifyError {
  scope.logger?.warn(refusal.message);
  return refusal;
}
