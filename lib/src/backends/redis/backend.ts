/**
 * The Redis backend: locks and pools shared by every process that talks to one Redis (standalone
 * or Cluster), through an ioredis or node-redis client.
 *
 * @module
 */
import { CachifyBackendError } from '../../errors.js';
import { checkOptionNames } from '../../internal/check-options.js';
import type {
  AcquireLockRequest,
  AcquireSlotRequest,
  LockGrant,
  LockLossReason,
  PoolBackend,
  SlotExtension,
} from '../backend.js';
import { QuickAttempt } from './acquire.js';
import {
  attemptSlotInLine,
  QuickSlotAttempt,
  type SlotAttemptOptions,
  SOMEONE_WAITS,
} from './acquire-slot.js';
import { type RedisConnection, toBackendError } from './client.js';
import { CommandDeadlines } from './deadlines.js';
import { extendLock } from './extend.js';
import { extendSlot } from './extend-slot.js';
import { forceReleaseLock } from './force-release.js';
import { WaiterHeartbeat } from './heartbeat.js';
import { fromIORedis, type IORedisClientLike, isIORedisClient } from './ioredis.js';
import { fromJson, toJson } from './json.js';
import { LOCK_EVENTS_CHANNEL, lockKeys } from './keys.js';
import { leavePoolQueue } from './leave-pool-queue.js';
import { fromNodeRedis, isNodeRedisClient, type NodeRedisClientLike } from './node-redis.js';
import { poolKeys } from './pool-keys.js';
import { poolSize } from './pool-size.js';
import { Release } from './release.js';
import { releaseSlot, SlotRelease } from './release-slot.js';
import { runScript, type ScriptCall } from './script.js';
import { lockLoss } from './status.js';
import { SharedSubscriber } from './subscriber.js';
import { type WaitContext, waitForLock, waitInLine } from './wait.js';

/**
 * A client `redisBackend` accepts: ioredis `Redis` / `Cluster`, or node-redis client / cluster.
 *
 * @see [On Redis](https://cachify.dev/getting-started/initializing/#on-redis) in the guide
 */
export type RedisClientLike = IORedisClientLike | NodeRedisClientLike;

/**
 * Options of {@link redisBackend}; an unknown name is a `TypeError` naming the nearest one.
 *
 * @example
 * ```ts
 * const backend = redisBackend(client, {
 *   autoExtend: true, // every lock renews itself while held
 *   commandTimeout: 2_000, // fail fast when Redis does not answer
 * });
 * ```
 * @see [Locks on Redis](https://cachify.dev/redis/locks-on-redis/#good-to-know) in the guide
 */
export interface RedisBackendOptions {
  /**
   * Default for the `autoExtend` option of locks on this backend: renew a held lock at a third of
   * its expiry until it is released.
   *
   * @default false
   */
  readonly autoExtend?: boolean;
  /**
   * Longest wait for one Redis reply, in ms, before the operation fails with a
   * `CachifyBackendError` saying Redis is unreachable; `null` = wait as long as the client does.
   * A wait for a lock or a slot rides out a lost connection (a restart, a dropped socket) for as
   * long, retrying its attempts (10000 ms when this is `null`), before it fails.
   *
   * @default 10000
   */
  readonly commandTimeout?: number | null;
  /**
   * How long a waiter's place in a lock's (or pool's) queue lasts without renewal, in ms. One
   * heartbeat per backend renews the places of all of its waiters at a third of this (needs Redis
   * 6.2 or later, for `ZMSCORE`); a waiter whose process died loses its place after at most this
   * long.
   *
   * @default 3000
   */
  readonly waiterLease?: number;
  /**
   * How long the shared subscriber connection stays open after its last waiter or watched lock,
   * in ms, so that back-to-back waits reuse it.
   *
   * @default 250
   */
  readonly subscriberIdleTimeout?: number;
}

/** The command timeout when none is given (ms). */
const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

const OPTION_NAMES = ['autoExtend', 'commandTimeout', 'waiterLease', 'subscriberIdleTimeout'];

function checkDuration(name: string, value: unknown, allowNull: boolean): void {
  if (value === undefined || (allowNull && value === null)) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `redisBackend: \`${name}\` must be a positive number of milliseconds${allowNull ? ' or null' : ''}, got ${String(value)}`,
    );
  }
}

/**
 * The Redis implementation of {@link PoolBackend} (locks, pools and cached values); made by
 * {@link redisBackend}.
 *
 * Cached values are stored as JSON text, readable by any JSON reader in any language (and from
 * `redis-cli`). `cached()` stores only values that JSON gives back as they were, and refuses the
 * rest before they reach Redis; its `encode` / `decode` turn other values into JSON values and back.
 *
 * @see [Locks on Redis](https://cachify.dev/redis/locks-on-redis/) in the guide
 */
export class RedisBackend implements PoolBackend {
  readonly name = 'redis';
  readonly autoExtend: boolean;
  readonly #redis: RedisConnection;
  readonly #subscriber: SharedSubscriber;
  readonly #heartbeat: WaiterHeartbeat;
  readonly #deadlines: CommandDeadlines;
  readonly #waiterLease: number;
  /** Names this instance's wake channel and its waiters in lock queues. */
  readonly #instanceId = globalThis.crypto.randomUUID();
  #closed = false;
  /** Waiters to wake when the backend closes. */
  readonly #onClose = new Set<() => void>();
  /** What waits for locks and slots need from this backend. */
  readonly #waitContext: WaitContext;

  /**
   * @internal Made by {@link redisBackend}, which adapts the client; not meant to be called directly.
   *
   * @param redis - The client, adapted by {@link redisBackend}.
   * @param options - See {@link RedisBackendOptions}.
   */
  constructor(redis: RedisConnection, options: RedisBackendOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`redisBackend(): expected an options object, got ${String(options)}`);
    }
    checkOptionNames('redisBackend()', options, OPTION_NAMES);
    if (options.autoExtend !== undefined && typeof options.autoExtend !== 'boolean') {
      throw new TypeError(
        `redisBackend(): \`autoExtend\` must be a boolean, got ${String(options.autoExtend)}`,
      );
    }
    checkDuration('commandTimeout', options.commandTimeout, true);
    checkDuration('waiterLease', options.waiterLease, false);
    checkDuration('subscriberIdleTimeout', options.subscriberIdleTimeout, false);
    this.#redis = redis;
    this.autoExtend = options.autoExtend ?? false;
    const commandTimeout =
      options.commandTimeout === undefined ? DEFAULT_COMMAND_TIMEOUT_MS : options.commandTimeout;
    this.#deadlines = new CommandDeadlines(commandTimeout);
    this.#waiterLease = Math.ceil(options.waiterLease ?? 3000);
    this.#subscriber = new SharedSubscriber(redis, options.subscriberIdleTimeout ?? 250);
    this.#heartbeat = new WaiterHeartbeat(redis, this.#waiterLease, (operation, run) =>
      this.#call(operation, run),
    );
    this.#waitContext = {
      redis: this.#redis,
      subscriber: this.#subscriber,
      heartbeat: this.#heartbeat,
      instanceId: this.#instanceId,
      onClose: (listener) => {
        this.#onClose.add(listener);
        return () => this.#onClose.delete(listener);
      },
      commandTimeout: this.#deadlines.limit !== null,
      outageGraceMs: this.#deadlines.limit ?? DEFAULT_COMMAND_TIMEOUT_MS,
      leaseMs: this.#waiterLease,
      call: (operation, run) => this.#call(operation, run),
    };
  }

  acquireLock(request: AcquireLockRequest): Promise<LockGrant | null> {
    if (request.signal?.aborted) return Promise.reject(request.signal.reason);
    const keys = lockKeys(request.key);
    if (request.wait) return waitForLock(this.#waitContext, keys, request);
    return this.#runScript(
      'acquire',
      new QuickAttempt(keys, request.owner, request.exp, Date.now()),
    );
  }

  releaseLock(key: string, owner: string): Promise<boolean> {
    return this.#runScript('release', new Release(lockKeys(key), owner));
  }

  async extendLock(key: string, owner: string, exp: number | null): Promise<LockGrant | null> {
    const startedAt = Date.now();
    const fencingToken = await this.#call('extend', () =>
      extendLock(this.#redis, lockKeys(key), owner, exp),
    );
    if (fencingToken === null) return null;
    return { fencingToken, expiresAt: exp === null ? null : startedAt + exp };
  }

  forceReleaseLock(key: string): Promise<boolean> {
    return this.#call('force release', () => forceReleaseLock(this.#redis, lockKeys(key)));
  }

  async isLocked(key: string): Promise<boolean> {
    return (await this.#call('isLocked', () => this.#redis.exists(lockKeys(key).lock))) === 1;
  }

  watchLock(key: string, owner: string, onLost: (reason: LockLossReason) => void): () => void {
    const keys = lockKeys(key);
    let done = false;
    const report = (reason: LockLossReason) => {
      if (done) return;
      done = true;
      subscription.stop();
      stopReconnectCheck();
      onLost(reason);
    };
    // Force releases publish `released\n<lock key>\n<owner>`; owner tokens hold no newline.
    const subscription = this.#subscriber.listen(LOCK_EVENTS_CHANNEL, (message) => {
      const kindEnd = message.indexOf('\n');
      const ownerStart = message.lastIndexOf('\n') + 1;
      if (message.slice(ownerStart) !== owner) return;
      // `endsWith`: a client with a key prefix (ioredis `keyPrefix`) adds it to the key in Redis.
      if (!message.slice(kindEnd + 1, ownerStart - 1).endsWith(keys.lock)) return;
      report('released');
    });
    /** Looks who holds the lock: a loss announced while nobody listened is found this way. */
    const check = () => {
      if (done) return;
      lockLoss(this.#redis, keys, owner).then(
        (loss) => {
          if (loss !== null) report(loss);
        },
        () => {
          // Unreachable: the next reconnect looks again; the handle detects expiry itself.
        },
      );
    };
    // Once the subscription is in place, and after every reconnect of the subscriber (a Redis
    // restart, a killed connection): messages of the time between were missed.
    subscription.ready.then(check, () => {});
    const stopReconnectCheck = this.#subscriber.onReconnect(check);
    return () => {
      done = true;
      subscription.stop();
      stopReconnectCheck();
    };
  }

  /**
   * Takes a slot of the pool in one round trip when one is free (or was handed to this waiter);
   * with `wait`, waits in the pool's FIFO queue, woken by the release that frees a place. A single
   * attempt takes the short path while nobody waits; when someone does, a full attempt follows,
   * which serves the waiters in line first.
   *
   * @param request - The key, owner token, lifetime and how to wait.
   */
  acquireSlot(request: AcquireSlotRequest): Promise<LockGrant | null> {
    if (request.signal?.aborted) return Promise.reject(request.signal.reason);
    const keys = poolKeys(request.key);
    const options: SlotAttemptOptions = {
      owner: request.owner,
      exp: request.exp,
      maxSize: request.maxSize,
    };
    if (request.wait) {
      const redis = this.#redis;
      const leaseMs = this.#waiterLease;
      // No quick first attempt: a queued one takes a free slot at the same cost, and in a busy
      // pool saves the round trip of an attempt bound to fail.
      return waitInLine(this.#waitContext, request, {
        place: { queue: keys.queue, leases: keys.leases, reserved: keys.reserved },
        queued: (waiter) => attemptSlotInLine(redis, keys, options, waiter, leaseMs),
        giveBack: () => releaseSlot(redis, keys, request.owner),
        leave: (waiter) => leavePoolQueue(redis, keys, waiter),
      });
    }
    const attempt = new QuickSlotAttempt(keys, options, Date.now());
    return this.#runScript('acquire slot', attempt).then((grant) =>
      grant === SOMEONE_WAITS ? this.#runScript('acquire slot', attempt.inLine()) : grant,
    );
  }

  /**
   * Frees `owner`'s slot and hands its place to the longest waiter, in one round trip.
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param owner - The owner token of the acquisition that took the lock.
   */
  releaseSlot(key: string, owner: string): Promise<boolean> {
    return this.#runScript('release slot', new SlotRelease(poolKeys(key), owner));
  }

  async extendSlot(key: string, owner: string, exp: number | null): Promise<SlotExtension | null> {
    const startedAt = Date.now();
    const live = await this.#call('extend slot', () =>
      extendSlot(this.#redis, poolKeys(key), owner, exp),
    );
    return live ? { expiresAt: exp === null ? null : startedAt + exp } : null;
  }

  /**
   * Live slots of the pool, plus places being handed to waiters (expired ones not counted).
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  poolSize(key: string): Promise<number> {
    return this.#call('pool size', () => poolSize(this.#redis, poolKeys(key)));
  }

  /**
   * The cached value stored as JSON under `key`; `undefined` when absent or not JSON.
   *
   * @param key - The storage key (prefix and kind already applied).
   */
  async getValue(key: string): Promise<unknown> {
    return fromJson(await this.#call('get', () => this.#redis.get(key)));
  }

  /**
   * Stores `value` as JSON text (a `TypeError` when it has no JSON form).
   *
   * @param key - The storage key (prefix and kind already applied).
   * @param value - The value to store (already encoded).
   * @param ttl - Lifetime in milliseconds; `null`: until deleted.
   */
  async setValue(key: string, value: unknown, ttl: number | null): Promise<void> {
    const text = toJson(value);
    await this.#call('set', () => this.#redis.set(key, text, ttl));
  }

  async deleteValue(key: string): Promise<boolean> {
    return (await this.#call('delete', () => this.#redis.del(key))) > 0;
  }

  /**
   * Closes the shared subscriber connection; waits in progress fail with a `CachifyBackendError`.
   * The client given to `redisBackend` stays open.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of [...this.#onClose]) wake();
    this.#onClose.clear();
    this.#deadlines.stop();
    this.#heartbeat.stop();
    await this.#subscriber.close();
  }

  /** Runs one Redis operation under the command timeout, turning failures into backend errors. */
  #call<T>(
    operation: string,
    run: () => Promise<T>,
    onLateResult?: (result: T) => void,
  ): Promise<T> {
    if (this.#closed) return this.#refuse(operation);
    let pending: Promise<T>;
    try {
      pending = run();
    } catch (error) {
      return Promise.reject(toBackendError(error, operation));
    }
    return this.#deadlines.watch(pending, operation, onLateResult);
  }

  /** Runs a script call under the command timeout; a result that comes too late is undone. */
  #runScript<T>(operation: string, call: ScriptCall<T>): Promise<T> {
    const undo = call.late;
    return this.#call(
      operation,
      () => runScript(this.#redis, call),
      undo && ((result) => undo.call(call, result, this.#redis)),
    );
  }

  /** The rejection of an operation asked of a closed backend. */
  #refuse(operation: string): Promise<never> {
    return Promise.reject(
      new CachifyBackendError(`Redis backend is closed (${operation} refused)`),
    );
  }
}

/**
 * A lock backend (`LockBackend` from `cachify`) on Redis, for `initCachify({ backend })`.
 *
 * @param client - A connected ioredis `Redis` / `Cluster` or node-redis client / cluster. The
 *   backend uses it for commands and `duplicate()`s it once for pub/sub; closing it stays yours.
 * @param options - Renewal default, command timeout, waiter lease, subscriber idle time; see
 *   {@link RedisBackendOptions}.
 * @see [Locks on Redis](https://cachify.dev/redis/locks-on-redis/) in the guide
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { initCachify } from 'cachify';
 * import { redisBackend } from 'cachify/redis';
 *
 * initCachify({ backend: redisBackend(new Redis(process.env.REDIS_URL)) });
 * ```
 */
export function redisBackend(client: RedisClientLike, options?: RedisBackendOptions): RedisBackend {
  if (isIORedisClient(client)) return new RedisBackend(fromIORedis(client), options);
  if (isNodeRedisClient(client)) return new RedisBackend(fromNodeRedis(client), options);
  const got = client === null ? 'null' : typeof client;
  throw new TypeError(
    `redisBackend(client): expected an ioredis client (new Redis()) or a node-redis client (createClient()), got ${got}`,
  );
}
