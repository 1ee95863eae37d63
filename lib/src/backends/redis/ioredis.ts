/**
 * Adapter for an [ioredis](https://github.com/redis/ioredis) `Redis` or `Cluster` client.
 *
 * @module
 */
import type {
  LuaScript,
  MessageListener,
  RedisConnection,
  RedisValue,
  SubscriberConnection,
} from './client.js';
import { wholeMilliseconds } from './keys.js';

/**
 * The part of an ioredis `Redis` or `Cluster` this backend uses.
 *
 * @see [On Redis](https://cachify.dev/getting-started/initializing/#on-redis) in the guide
 */
export interface IORedisClientLike {
  /**
   * Runs a loaded Lua script: the backend's locking operations.
   *
   * @param args - The script's SHA1, its key count, keys and arguments, as ioredis takes them.
   */
  evalsha(...args: never[]): Promise<unknown>;
  /**
   * A new connection with the same options: the backend's one pub/sub connection.
   *
   * @param args - ioredis's optional override options (the backend passes none).
   */
  duplicate(...args: never[]): unknown;
  /** Connection state, e.g. `'ready'`; ioredis clients have it, node-redis ones do not. */
  readonly status: string;
}

/** The duck-typed view of an ioredis client used inside this file. */
interface IORedis {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(source: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: RedisValue, ...options: (string | number)[]): Promise<unknown>;
  del(key: string): Promise<number>;
  exists(key: string): Promise<number>;
  duplicate(): IORedisSubscriber;
}

interface IORedisSubscriber {
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  disconnect(): void;
}

/** Whether `client` looks like an ioredis client. */
export function isIORedisClient(client: unknown): client is IORedisClientLike {
  const candidate = client as Partial<IORedisClientLike> | null;
  return (
    typeof candidate?.evalsha === 'function' &&
    typeof candidate.duplicate === 'function' &&
    typeof candidate.status === 'string'
  );
}

/** Wraps an ioredis client. */
export function fromIORedis(client: IORedisClientLike): RedisConnection {
  const redis = client as unknown as IORedis;
  return {
    cluster: (client as { isCluster?: unknown }).isCluster === true,
    sendScript(script: LuaScript, keys: readonly string[], args: readonly string[]) {
      if (script.sha === undefined) {
        return script.digest.then((sha) => redis.evalsha(sha, keys.length, ...keys, ...args));
      }
      return redis.evalsha(script.sha, keys.length, ...keys, ...args);
    },
    evalScript(script: LuaScript, keys: readonly string[], args: readonly string[]) {
      return redis.eval(script.source, keys.length, ...keys, ...args);
    },
    get: (key) => redis.get(key),
    async set(key, value, ttl) {
      await (ttl === null
        ? redis.set(key, value)
        : redis.set(key, value, 'PX', wholeMilliseconds(ttl)));
    },
    del: (key) => redis.del(key),
    exists: (key) => redis.exists(key),
    async openSubscriber(onMessage: MessageListener, onError, onReconnect) {
      const subscriber = redis.duplicate();
      subscriber.on('error', onError);
      subscriber.on('message', onMessage);
      // 'ready' comes on every connect; all but the first are reconnects.
      let connects = 0;
      subscriber.on('ready', () => {
        if (connects++ > 0) onReconnect();
      });
      return {
        async subscribe(channel) {
          await subscriber.subscribe(channel);
        },
        async unsubscribe(channel) {
          await subscriber.unsubscribe(channel);
        },
        async close() {
          // Our own connection, with nothing left to finish: dropped at once, even mid-reconnect.
          subscriber.disconnect();
        },
      } satisfies SubscriberConnection;
    },
  };
}
