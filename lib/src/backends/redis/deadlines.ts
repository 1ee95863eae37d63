/**
 * The command timeout: Redis calls that get no reply in time fail with a `CachifyBackendError`,
 * all watched by one timer (a timer per call would cost more than the call's own work).
 *
 * @module
 */
import { CachifyBackendError } from '../../errors.js';
import { toBackendError } from './client.js';

/**
 * One call being timed: its state in one object rather than in closures over locals, and its
 * place in the list of pending calls in its own fields (no hashing per call, which a `Set` of
 * fresh objects pays: measurable at thousands of calls a second).
 */
class WatchedCall<T> {
  expired = false;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  previous: WatchedCall<unknown> | null = null;
  next: WatchedCall<unknown> | null = null;
  /** Whether it is still in the list (settled and expired calls are not). */
  listed = true;

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
  /**
   * Pending calls, oldest first. Every call gets the same limit, so this is also deadline order:
   * the sweep stops at the first call not yet due.
   */
  #first: WatchedCall<unknown> | null = null;
  #last: WatchedCall<unknown> | null = null;
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
    const listed = call as WatchedCall<unknown>;
    listed.previous = this.#last;
    if (this.#last === null) this.#first = listed;
    else this.#last.next = listed;
    this.#last = listed;
    this.#timer ??= this.#startTimer();
    pending.then(
      (result) => call.settle(result),
      (error: unknown) => call.fail(error),
    );
    return watched;
  }

  /** @internal A call settled or expired: no longer timed. */
  forget(call: WatchedCall<never>): void {
    if (!call.listed) return;
    call.listed = false;
    const { previous, next } = call;
    if (previous === null) this.#first = next;
    else previous.next = next;
    if (next === null) this.#last = previous;
    else next.previous = previous;
    call.previous = null;
    call.next = null;
  }

  /** Stops the timer (pending calls are no longer timed). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    while (this.#first !== null) this.forget(this.#first);
  }

  #startTimer(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => {
      const now = Date.now();
      while (this.#first !== null && this.#first.deadline <= now) {
        const due = this.#first;
        this.forget(due);
        due.expire();
      }
      if (this.#first === null) {
        clearInterval(timer);
        this.#timer = undefined;
      }
    }, this.#tick);
    timer.unref?.();
    return timer;
  }
}
