/**
 * The command timeout: Redis calls that get no reply in time fail with a `CachifyBackendError`,
 * all watched by one timer (a timer per call would cost more than the call's own work).
 *
 * @module
 */
import { CachifyBackendError } from '../../errors.js';
import { toBackendError } from './client.js';

/** A call's place in the list of timed calls. */
interface Timed {
  listed: boolean;
  previous: Timed | null;
  next: Timed | null;
  readonly deadline: number;
  expire(): void;
}

/**
 * One call being timed: its state in one object rather than in closures over locals, and its
 * place in the list of pending calls in its own fields (no hashing per call, which a `Set` of
 * fresh objects pays: measurable at thousands of calls a second).
 */
class WatchedCall<T> implements Timed {
  expired = false;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  previous: Timed | null = null;
  next: Timed | null = null;
  /** Whether it is in the list of timed calls. */
  listed = false;

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

/**
 * Watches pending Redis calls and fails those without a reply after `limit` ms (`null`: waits as
 * long as the client does); turns their errors into backend errors.
 */
export class CommandDeadlines {
  /** Longest wait for a reply, in ms; `null` = no limit. */
  readonly limit: number | null;
  readonly #tick: number;
  /**
   * Pending calls, oldest first. Every call gets the same limit, so this is also deadline order:
   * the sweep stops at the first call not yet due.
   */
  #first: Timed | null = null;
  #last: Timed | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param limit - Longest wait for a reply, in ms; `null` = no limit. */
  constructor(limit: number | null) {
    this.limit = limit;
    // Overdue calls fail within a quarter of the limit (at most 250 ms) after it passed.
    this.#tick = limit === null ? 0 : Math.max(1, Math.min(250, limit / 4));
  }

  /**
   * Settles as `pending` does (errors turned into backend errors), or rejects with "Redis is
   * unreachable" once the limit passed; a result that arrives later goes to `onLateResult`.
   */
  watch<T>(pending: Promise<T>, operation: string, onLateResult?: (result: T) => void): Promise<T> {
    const deadline = this.limit === null ? Number.POSITIVE_INFINITY : Date.now() + this.limit;
    const call = new WatchedCall<T>(this, deadline, operation, onLateResult);
    const watched = new Promise<T>((resolve, reject) => {
      call.resolve = resolve;
      call.reject = reject;
    });
    if (this.limit !== null) {
      call.listed = true;
      call.previous = this.#last;
      if (this.#last === null) this.#first = call;
      else this.#last.next = call;
      this.#last = call;
      this.#timer ??= this.#startTimer();
    }
    pending.then(
      (result) => call.settle(result),
      (error: unknown) => call.fail(error),
    );
    return watched;
  }

  /** @internal A call settled or expired: no longer timed. */
  forget(call: Timed): void {
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
