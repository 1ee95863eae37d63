/**
 * The command timeout: Redis calls that get no reply in time fail with a `CachifyBackendError`,
 * all watched by one timer (a timer per call would cost more than the call's own work).
 *
 * @module
 */
import { CachifyBackendError } from '../../errors.js';
import { toBackendError } from './client.js';

interface Watched {
  readonly deadline: number;
  expire(): void;
}

/** Watches pending Redis calls and fails those without a reply after `limit` ms. */
export class CommandDeadlines {
  readonly #limit: number;
  readonly #tick: number;
  readonly #watched = new Set<Watched>();
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param limit - Longest wait for a reply, in ms. */
  constructor(limit: number) {
    this.#limit = limit;
    // Overdue calls fail within a quarter of the limit (at most 250 ms) after it passed.
    this.#tick = Math.max(1, Math.min(250, limit / 4));
  }

  /**
   * Settles as `pending` does (errors turned into backend errors), or rejects with "Redis is
   * unreachable" once the limit passed; a result that arrives later goes to `onLateResult`.
   */
  watch<T>(pending: Promise<T>, operation: string, onLateResult?: (result: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let expired = false;
      const watched: Watched = {
        deadline: Date.now() + this.#limit,
        expire: () => {
          expired = true;
          reject(
            new CachifyBackendError(
              `Redis is unreachable (${operation} failed): no reply within ${this.#limit} ms`,
            ),
          );
        },
      };
      this.#watched.add(watched);
      this.#timer ??= this.#startTimer();
      pending.then(
        (result) => {
          this.#watched.delete(watched);
          if (expired) onLateResult?.(result);
          else resolve(result);
        },
        (error: unknown) => {
          this.#watched.delete(watched);
          reject(toBackendError(error, operation));
        },
      );
    });
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
