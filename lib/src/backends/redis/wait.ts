/**
 * Waiting for a lock or a pool slot: take a place in its FIFO queue, sleep until a release names
 * this waiter on its backend instance's channel (or the holder's remaining lifetime ends, for the
 * first waiters, or the backend's heartbeat finds that its turn came), and try again. The
 * heartbeat, not the waiter, renews its place.
 *
 * @module
 */

import { setWaitTimeout } from '../../internal/timers.js';
import type { AcquireLockRequest, LockGrant } from '../backend.js';
import { type AttemptResult, attemptAcquire, attemptAcquireQuickly } from './acquire.js';
import { isConnectionLoss, type RedisConnection } from './client.js';
import type { QueuePlace, WaiterHeartbeat } from './heartbeat.js';
import { type LockKeys, waiterId, wakeChannel } from './keys.js';
import { leaveQueue } from './leave-queue.js';
import { releaseLock } from './release.js';
import type { SharedSubscriber } from './subscriber.js';

/** The attempts of one wait, for a lock or for a pool slot. */
export interface WaitLine {
  /** The queue the waiter stands in, for the heartbeat that renews its place. */
  readonly place: QueuePlace;
  /**
   * The first attempt, when cheaper than a queued one: takes what is free, without a place in the
   * queue. Without it, the first attempt is a queued one.
   */
  quick?(): Promise<AttemptResult>;
  /** An attempt that takes (or keeps, renewing its lease) the place of `waiter` in the queue. */
  queued(waiter: string): Promise<AttemptResult>;
  /** Gives back what an attempt granted after the wait was given up. */
  giveBack(): Promise<unknown>;
  /** Leaves the queue (passing on anything handed to `waiter`). */
  leave(waiter: string): Promise<unknown>;
}

/** What a wait needs from its backend. */
export interface WaitContext {
  readonly redis: RedisConnection;
  readonly subscriber: SharedSubscriber;
  /** Renews the queue places of the backend's waiters. */
  readonly heartbeat: WaiterHeartbeat;
  /** Id of the backend instance, which names the channel its waiters are woken on. */
  readonly instanceId: string;
  /** How long a queue place lasts without renewal (ms). */
  readonly leaseMs: number;
  /**
   * Calls `listener` when the backend closes, so that sleeping waiters fail at once; returns the
   * unsubscribe. (A set rather than an `AbortSignal`, which warns past 10 listeners.)
   */
  onClose(listener: () => void): () => void;
  /**
   * Whether calls fail after a command timeout. Then a wait whose deadline passes during an
   * attempt awaits that attempt's reply (or its timeout error) rather than calling the lock held.
   */
  readonly commandTimeout: boolean;
  /**
   * How long (ms) a wait rides out a lost connection (a restart, a dropped socket): its attempts
   * are retried until Redis has stayed unreachable this long, then the wait fails.
   */
  readonly outageGraceMs: number;
  /** Runs one Redis call under the backend's command timeout, mapping errors. */
  call<T>(operation: string, run: () => Promise<T>): Promise<T>;
}

/** Wakes a sleeping waiter; a wake that comes while it is busy is kept for its next sleep. */
class Alarm {
  #pending = false;
  #resolve: (() => void) | null = null;

  ring(): void {
    this.#pending = true;
    this.#resolve?.();
  }

  /** Forgets wakes so far (called just before an attempt, which sees their cause). */
  reset(): void {
    this.#pending = false;
  }

  /** Resolves after `ms`, or at once / as soon as `ring()` is called. */
  sleep(ms: number): Promise<void> {
    if (this.#pending) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#resolve = null;
        resolve();
      };
      const timer = setWaitTimeout(done, ms);
      this.#resolve = done;
    });
  }
}

const ABANDONED = Symbol('abandoned');

/** Pause between attempts while the connection is lost (ms). */
const OUTAGE_RETRY_MS = 100;

/** Waits for the lock as `request` says; resolves the grant, or `null` when the timeout passed. */
export function waitForLock(
  context: WaitContext,
  keys: LockKeys,
  request: AcquireLockRequest,
): Promise<LockGrant | null> {
  const { redis, leaseMs } = context;
  const { owner, exp } = request;
  return waitInLine(context, request, {
    place: { queue: keys.queue, leases: keys.leases, lock: keys.lock },
    quick: () => attemptAcquireQuickly(redis, keys, owner, exp),
    queued: (waiter) => attemptAcquire(redis, keys, { owner, waiter, exp, wait: true, leaseMs }),
    giveBack: () => releaseLock(redis, keys, owner),
    leave: (waiter) => leaveQueue(redis, keys, waiter),
  });
}

/**
 * Waits in line as `request` says, with the attempts `line` makes; resolves the grant, or `null`
 * when the timeout passed.
 */
export async function waitInLine(
  context: WaitContext,
  request: AcquireLockRequest,
  line: WaitLine,
): Promise<LockGrant | null> {
  const { subscriber } = context;
  const { owner, exp, signal } = request;
  const waiter = waiterId(context.instanceId, owner);
  const deadline =
    request.timeout === null ? Number.POSITIVE_INFINITY : Date.now() + request.timeout;
  const alarm = new Alarm();
  const onAbort = () => alarm.ring();
  signal?.addEventListener('abort', onAbort);
  const stopOnClose = context.onClose(onAbort);
  let subscription: ReturnType<SharedSubscriber['listen']> | null = null;
  /** The attempt Redis may still be running, without the command timeout. */
  let inFlight: Promise<AttemptResult> | null = null;
  let inQueue = false;
  /** Ends the heartbeat's renewal of this waiter's place. */
  let stopRenewal: (() => void) | null = null;
  /** When the connection was lost during this wait, while it stays lost (epoch ms). */
  let lostSince: number | null = null;

  /** Gives up the queue place (or a grant that came too late) once `attempt` settles. */
  const abandon = (attempt: Promise<AttemptResult>) => {
    attempt
      .then(async (result) => {
        if (result.granted) await line.giveBack();
        else await line.leave(waiter);
      })
      .catch(() => {
        // Unreachable Redis: the queue place lapses with its lease, the lock with its `exp`.
      });
  };

  try {
    while (true) {
      signal?.throwIfAborted();
      alarm.reset();
      const startedAt = Date.now();
      // The first attempt takes the uncontended path; the next ones queue up.
      const firstAttempt = inQueue === false;
      const quick = firstAttempt && line.quick !== undefined;
      inQueue = true;
      const sent = quick && line.quick !== undefined ? line.quick() : line.queued(waiter);
      inFlight = sent;
      const attempt = context.call('acquire', () => sent);
      // The signal ends the wait even while Redis does not answer. The deadline does too, unless
      // this is the first attempt (made whatever the timeout, so `timeout: 0` takes a free lock)
      // or the command timeout bounds the reply: a stall then fails as a backend error naming it,
      // not as "already locked", which only a reply can say.
      const attemptDeadline =
        firstAttempt || context.commandTimeout ? Number.POSITIVE_INFINITY : deadline;
      let result: AttemptResult | typeof ABANDONED;
      try {
        result = await raceDeadline(attempt, attemptDeadline, signal);
      } catch (error) {
        if (!isConnectionLoss(error)) throw error;
        inFlight = null;
        const now = Date.now();
        lostSince ??= now;
        if (now >= deadline || now - lostSince >= context.outageGraceMs) throw error;
        // Try again: the attempt may have run before the connection went, even granted what it
        // asked for, and attempts of one acquisition grant that again (see the scripts).
        await alarm.sleep(Math.min(OUTAGE_RETRY_MS, deadline - now));
        continue;
      }
      lostSince = null;
      if (result === ABANDONED) {
        inFlight = null;
        abandon(sent);
        signal?.throwIfAborted();
        return null;
      }
      inFlight = null;
      if (result.granted) {
        return {
          fencingToken: result.fencingToken,
          expiresAt: exp === null ? null : startedAt + exp,
        };
      }
      const now = Date.now();
      if (now >= deadline) {
        abandon(Promise.resolve(result));
        return null;
      }
      if (quick) continue;
      if (!subscription) {
        subscription = subscriber.listen(wakeChannel(context.instanceId), (message) => {
          if (message === waiter) alarm.ring();
        });
        // Once subscribed, try again: a release may have come before the subscription.
        subscription.ready.then(
          () => alarm.ring(),
          () => {},
        );
      }
      // The backend's heartbeat renews the queue place (and wakes the waiter should a wake
      // message be missed); the first waiters also wake when the holder's lifetime ends, since an
      // expiring lock or slot publishes nothing.
      stopRenewal ??= context.heartbeat.add(line.place, waiter, () => alarm.ring());
      let sleepMs = deadline - now;
      if (result.first && result.remainingMs >= 0) {
        sleepMs = Math.min(sleepMs, result.remainingMs + 1);
      }
      await alarm.sleep(sleepMs);
    }
  } catch (error) {
    // Cancelled, or Redis failed: give the place up now rather than when its lease lapses (after
    // the attempt Redis may still run, which could even grant the lock).
    abandon(inFlight ?? Promise.resolve({ granted: false, remainingMs: -2, first: false }));
    // An attempt whose reply a lost connection took may have been granted too.
    if (lostSince !== null) line.giveBack().catch(() => {});
    throw error;
  } finally {
    stopRenewal?.();
    signal?.removeEventListener('abort', onAbort);
    stopOnClose();
    subscription?.stop();
  }
}

/** Waits for `attempt`, unless the deadline passes or the signal aborts first (`ABANDONED`). */
async function raceDeadline(
  attempt: Promise<AttemptResult>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<AttemptResult | typeof ABANDONED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const giveUp = new Promise<typeof ABANDONED>((resolve) => {
    if (deadline !== Number.POSITIVE_INFINITY) {
      timer = setWaitTimeout(() => resolve(ABANDONED), deadline - Date.now());
    }
    onAbort = () => resolve(ABANDONED);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([attempt, giveUp]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
