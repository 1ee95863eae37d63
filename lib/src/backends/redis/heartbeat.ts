/**
 * The waiters' heartbeat: one script per backend instance per interval renews the queue places of
 * all of its waiters, so that idle waiters cost Redis the same whether there is one of them or
 * thousands (in a Redis Cluster: one script per lock with waiters, as a script may only touch keys
 * of one slot). It also finds the waiters whose turn came while a wake message was missed.
 *
 * @module
 */
import type { RedisConnection } from './client.js';
import { HAND_OVER } from './hand-over.js';
import { defineScript, runScript } from './script.js';

/** Waiters renewed per command (two arguments each, well within what Lua passes to a call). */
const CHUNK = 1000;

// KEYS: per queue: queue, leases, then the lock (a lock's queue) or the reserved set (a pool's).
// ARGV: lease ms, then per queue: 'lock' or 'pool', waiter count, waiter ids.
// Renews each waiter's place that is still in its queue, with a fixed number of commands per
// queue whatever the number of waiters (Redis counts the commands a script runs). Returns the
// waiters to wake: those that lost their place (their next attempt queues them again) and those
// a lock or a pool place is reserved for. A lock that is free while waiters queue (it expired)
// goes to its first live waiter.
const HEARTBEAT = defineScript(
  'heartbeat',
  `
local lease = tonumber(ARGV[1])
local time = redis.call('TIME')
local leaseEnd = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + lease
local wake = {}
local arg = 2
for queue = 1, #KEYS, 3 do
  local queueKey, leaseKey, heldKey = KEYS[queue], KEYS[queue + 1], KEYS[queue + 2]
  local isPool, count = ARGV[arg] == 'pool', tonumber(ARGV[arg + 1])
  local mine = {}
  -- In chunks, as Lua passes a bounded number of arguments to one call.
  for first = arg + 2, arg + 1 + count, ${CHUNK} do
    local last = math.min(first + ${CHUNK} - 1, arg + 1 + count)
    local waiters, renewals = {}, {}
    for i = first, last do
      waiters[#waiters + 1] = ARGV[i]
      mine['\\n' .. ARGV[i]] = true
    end
    local places = redis.call('ZMSCORE', queueKey, unpack(waiters))
    for i = 1, #waiters do
      if places[i] then
        renewals[#renewals + 1] = leaseEnd
        renewals[#renewals + 1] = waiters[i]
      else
        wake[#wake + 1] = waiters[i]
      end
    end
    if #renewals > 0 then redis.call('ZADD', leaseKey, 'XX', unpack(renewals)) end
    if isPool then
      local reserved = redis.call('ZMSCORE', heldKey, unpack(waiters))
      for i = 1, #waiters do
        if reserved[i] then wake[#wake + 1] = waiters[i] end
      end
    end
  end
  arg = arg + count + 2
  local queued = redis.call('EXISTS', queueKey) == 1
  if queued then
    redis.call('PEXPIRE', queueKey, lease)
    redis.call('PEXPIRE', leaseKey, lease)
  end
  if not isPool then
    local lockKey = heldKey
    local current = redis.call('GET', lockKey)
    if current and mine[current] then
      wake[#wake + 1] = string.sub(current, 2)
    elseif queued and (not current or (string.byte(current, 1) == 10
        and not redis.call('ZSCORE', queueKey, string.sub(current, 2)))) then
      ${HAND_OVER}
    end
  end
end
return wake
`,
);

/**
 * The queue a waiter stands in: a lock's (with its lock key) or a pool's (with its set of
 * reserved places).
 */
export type QueuePlace =
  | { readonly queue: string; readonly leases: string; readonly lock: string }
  | { readonly queue: string; readonly leases: string; readonly reserved: string };

/** This instance's waiters in one queue. */
interface QueueWaiters {
  readonly keys: QueuePlace;
  /** Waiter id to the function that wakes it. */
  readonly waiters: Map<string, () => void>;
}

/** Renews the queue places of one backend instance's waiters, all in one round trip. */
export class WaiterHeartbeat {
  readonly #redis: RedisConnection;
  readonly #leaseMs: number;
  readonly #call: <T>(operation: string, run: () => Promise<T>) => Promise<T>;
  /** Queue key to its waiters here. */
  readonly #queues = new Map<string, QueueWaiters>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #beating = false;

  /**
   * @param leaseMs - How long a queue place lasts without renewal; renewed at a third of it.
   * @param call - Runs one Redis call under the backend's command timeout.
   */
  constructor(
    redis: RedisConnection,
    leaseMs: number,
    call: <T>(operation: string, run: () => Promise<T>) => Promise<T>,
  ) {
    this.#redis = redis;
    this.#leaseMs = leaseMs;
    this.#call = call;
  }

  /**
   * Keeps `waiter`'s place in the queue `keys` until the returned function is called. `wake`
   * is called when the waiter should try again: its turn came, it lost its place, or the
   * heartbeat failed (so that its own attempt reports why).
   */
  add(keys: QueuePlace, waiter: string, wake: () => void): () => void {
    let lock = this.#queues.get(keys.queue);
    if (lock === undefined) {
      lock = { keys, waiters: new Map() };
      this.#queues.set(keys.queue, lock);
    }
    lock.waiters.set(waiter, wake);
    this.#timer ??= this.#start();
    const waiters = lock;
    return () => {
      waiters.waiters.delete(waiter);
      if (waiters.waiters.size === 0 && this.#queues.get(keys.queue) === waiters) {
        this.#queues.delete(keys.queue);
      }
      if (this.#queues.size === 0) this.stop();
    };
  }

  /** Stops beating (the places then lapse with their lease). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #start(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => this.#beat(), this.#leaseMs / 3);
    timer.unref?.();
    return timer;
  }

  #beat(): void {
    // A beat still running (Redis is slow) is not doubled up.
    if (this.#beating || this.#queues.size === 0) return;
    this.#beating = true;
    const groups = this.#redis.cluster
      ? [...this.#queues.values()].map((lock) => [lock])
      : [[...this.#queues.values()]];
    Promise.all(groups.map((group) => this.#renew(group))).finally(() => {
      this.#beating = false;
    });
  }

  /** Renews the places of the waiters on `locks` in one script. */
  async #renew(locks: QueueWaiters[]): Promise<void> {
    const keys: string[] = [];
    const args = [String(this.#leaseMs)];
    for (const { keys: place, waiters } of locks) {
      if ('lock' in place) {
        keys.push(place.queue, place.leases, place.lock);
        args.push('lock');
      } else {
        keys.push(place.queue, place.leases, place.reserved);
        args.push('pool');
      }
      args.push(String(waiters.size), ...waiters.keys());
    }
    try {
      const wake = await this.#call('heartbeat', () =>
        runScript(this.#redis, { script: HEARTBEAT, keys, args, read: readWaiters }),
      );
      const due = new Set(wake);
      for (const { waiters } of locks) {
        for (const [waiter, alarm] of waiters) if (due.has(waiter)) alarm();
      }
    } catch {
      // Every waiter's own attempt says what went wrong.
      for (const { waiters } of locks) for (const alarm of waiters.values()) alarm();
    }
  }
}

function readWaiters(reply: unknown): string[] {
  return Array.isArray(reply) ? reply.map(String) : [];
}
