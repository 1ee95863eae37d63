/**
 * The command timeout: Redis calls that get no reply in time fail with a `CachifyBackendError`,
 * all watched by one timer (a timer per call would cost more than the call's own work).
 *
 * @module
 */
import { CachifyBackendError } from '../../errors.js';
import { toBackendError } from './client.js';

/** What the timer sweeps. */
interface Timed {
  readonly deadline: number;
  expire(): void;
}

/**
 * One call being timed: its state in one object rather than in closures over locals, which keeps
 * the per-call cost down at thousands of calls a second.
 */
class WatchedCall<T> implements Timed {
  expired = false;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;

  constructor(
    readonly owner: CommandDeadlines,
    readonly deadline: number,
    readonly operation: string,
    readonly onLateResult: ((result: T) => void) | undefined,
  ) {}

  settle(result: T): void {
    this.owner.forget(this);
    if (this.expired) this.onLateResult?.(result);
    else this.resolve(result);
  }

  fail(error: unknown): void {
    this.owner.forget(this);
    this.reject(toBackendError(error, this.operation));
  }

  expire(): void {
    this.expired = true;
    this.reject(
      new CachifyBackendError(
        `Redis is unreachable (${this.operation} failed): no reply within ${this.owner.limit} ms`,
      ),
    );
  }
}

/** Watches pending Redis calls and fails those without a reply after `limit` ms. */
export class CommandDeadlines {
  /** Longest wait for a reply, in ms. */
  readonly limit: number;
  readonly #tick: number;
  readonly #watched = new Set<Timed>();
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param limit - Longest wait for a reply, in ms. */
  constructor(limit: number) {
    this.limit = limit;
    // Overdue calls fail within a quarter of the limit (at most 250 ms) after it passed.
    this.#tick = Math.max(1, Math.min(250, limit / 4));
  }

  /**
   * Settles as `pending` does (errors turned into backend errors), or rejects with "Redis is
   * unreachable" once the limit passed; a result that arrives later goes to `onLateResult`.
   */
  watch<T>(pending: Promise<T>, operation: string, onLateResult?: (result: T) => void): Promise<T> {
    const call = new WatchedCall<T>(this, Date.now() + this.limit, operation, onLateResult);
    const watched = new Promise<T>((resolve, reject) => {
      call.resolve = resolve;
      call.reject = reject;
    });
    this.#watched.add(call);
    this.#timer ??= this.#startTimer();
    pending.then(
      (result) => call.settle(result),
      (error: unknown) => call.fail(error),
    );
    return watched;
  }

  /** @internal A call settled: no longer timed. */
  forget(call: Timed): void {
    this.#watched.delete(call);
  }

  /** Stops the timer (pending calls are no longer timed). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#watched.clear();
  }

  #startTimer(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => {
      const now = Date.now();
      for (const watched of this.#watched) {
        if (watched.deadline > now) continue;
        this.#watched.delete(watched);
        watched.expire();
      }
      if (this.#watched.size === 0) {
        clearInterval(timer);
        this.#timer = undefined;
      }
    }, this.#tick);
    timer.unref?.();
    return timer;
  }
}
