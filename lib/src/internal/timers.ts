/** Longest delay `setTimeout` honours; longer ones fire at once, so callers re-arm instead. */
export const MAX_TIMER_DELAY = 2_147_483_647;

/** A timer handle in any runtime (a number in browsers, an object in Node). */
export type Timer = ReturnType<typeof setTimeout>;

/**
 * Starts a timer that never keeps a Node process alive (browsers and workers have no `unref`).
 * Delays are clamped to {@link MAX_TIMER_DELAY}; callers check the time when it fires.
 */
export function setBackgroundTimeout(callback: () => void, delay: number): Timer {
  const timer = setTimeout(callback, Math.max(0, Math.min(delay, MAX_TIMER_DELAY)));
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * Starts a timer for a call that someone is awaiting (a waiter's timeout, a holder's expiry that a
 * waiter needs). Like a pending `fetch`, it keeps Node alive only while that call is pending: it is
 * cleared the moment the call settles.
 */
export function setWaitTimeout(callback: () => void, delay: number): Timer {
  return setTimeout(callback, Math.max(0, Math.min(delay, MAX_TIMER_DELAY)));
}
