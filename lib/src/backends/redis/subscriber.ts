/**
 * One subscriber connection shared by every waiter and watcher of a backend. It is opened on
 * first use and closed once nobody has listened for `idleTimeout` ms, so an idle backend keeps no
 * extra connection (and no Node process alive).
 *
 * @module
 */
import type { RedisConnection, SubscriberConnection } from './client.js';

/** A listener's registration. */
export interface Subscription {
  /** Settles once Redis confirmed the subscription (rejects when it could not be made). */
  readonly ready: Promise<void>;
  /** Stops listening. Idempotent. */
  stop(): void;
}

export class SharedSubscriber {
  readonly #redis: RedisConnection;
  readonly #idleTimeout: number;
  readonly #listeners = new Map<string, Set<(message: string) => void>>();
  /** Channels subscribed (or being subscribed) on the current connection. */
  readonly #channels = new Map<string, Promise<void>>();
  #connection: Promise<SubscriberConnection> | null = null;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** Called after the connection came back from a drop. */
  readonly #reconnectListeners = new Set<() => void>();

  /**
   * @param redis - Client whose `duplicate()` becomes the subscriber.
   * @param idleTimeout - Ms to keep the connection and its channels after their last listener.
   */
  constructor(redis: RedisConnection, idleTimeout: number) {
    this.#redis = redis;
    this.#idleTimeout = idleTimeout;
  }

  /** Calls `listener` with each message of `channel` until `stop()`. */
  listen(channel: string, listener: (message: string) => void): Subscription {
    if (this.#closed) {
      return { ready: Promise.reject(new Error('closed')), stop() {} };
    }
    let listeners = this.#listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
    }
    listeners.add(listener);
    this.#cancelIdleTimer();
    const ready = this.#subscribe(channel);
    ready.catch(() => {});
    let stopped = false;
    return {
      ready,
      stop: () => {
        if (stopped) return;
        stopped = true;
        const current = this.#listeners.get(channel);
        current?.delete(listener);
        if (current?.size === 0) {
          this.#listeners.delete(channel);
          this.#startIdleTimer();
        }
      },
    };
  }

  /**
   * Calls `listener` each time the connection is back after a drop, when messages may have been
   * missed; returns the unsubscribe.
   */
  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  /** Closes the connection now. Later `listen` calls get a rejected `ready`. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelIdleTimer();
    this.#listeners.clear();
    await this.#disconnect();
  }

  #subscribe(channel: string): Promise<void> {
    let subscribed = this.#channels.get(channel);
    if (!subscribed) {
      subscribed = this.#connect().then((connection) => connection.subscribe(channel));
      this.#channels.set(channel, subscribed);
      // A failed subscription is forgotten so that the next listener tries again.
      subscribed.catch(() => {
        if (this.#channels.get(channel) === subscribed) this.#channels.delete(channel);
      });
    }
    return subscribed;
  }

  #connect(): Promise<SubscriberConnection> {
    if (!this.#connection) {
      const connection = this.#redis.openSubscriber(
        (channel, message) => this.#dispatch(channel, message),
        // The client reconnects (and resubscribes) by itself; waiters fall back to their timers.
        () => {},
        () => {
          for (const listener of [...this.#reconnectListeners]) {
            try {
              listener();
            } catch {
              // A listener's failure must not reach the client's event emitter.
            }
          }
        },
      );
      this.#connection = connection;
      connection.catch(() => {
        if (this.#connection === connection) this.#connection = null;
      });
    }
    return this.#connection;
  }

  #dispatch(channel: string, message: string): void {
    const listeners = this.#listeners.get(channel);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // A listener's failure must not reach the client's event emitter (and crash the process).
      }
    }
  }

  #startIdleTimer(): void {
    if (this.#idleTimer || this.#closed) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      void this.#sweep();
    }, this.#idleTimeout);
    this.#idleTimer.unref?.();
  }

  #cancelIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  /** Drops channels nobody listens to, and the connection when no channel is left. */
  async #sweep(): Promise<void> {
    if (this.#listeners.size === 0) {
      await this.#disconnect();
      return;
    }
    const connection = this.#connection;
    for (const channel of [...this.#channels.keys()]) {
      if (this.#listeners.has(channel)) continue;
      this.#channels.delete(channel);
      if (connection) {
        connection.then((open) => open.unsubscribe(channel)).catch(() => {});
      }
    }
  }

  async #disconnect(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    this.#channels.clear();
    if (!connection) return;
    try {
      await (await connection).close();
    } catch {
      // Closing a broken connection has nothing left to do.
    }
  }
}
