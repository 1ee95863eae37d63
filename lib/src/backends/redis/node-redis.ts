/**
 * Adapter for a [node-redis](https://github.com/redis/node-redis) (`redis` package) client or
 * cluster, as made by `createClient()` / `createCluster()` and connected with `connect()`.
 *
 * @module
 */
import type {
  LuaScript,
  MessageListener,
  RedisConnection,
  SubscriberConnection,
} from './client.js';
import { wholeMilliseconds } from './keys.js';

/**
 * The part of a node-redis client or cluster this backend uses.
 *
 * @see [On Redis](https://cachify.dev/getting-started/initializing/#on-redis) in the guide
 */
export interface NodeRedisClientLike {
  /**
   * Runs a loaded Lua script: the backend's locking operations.
   *
   * @param args - The script's SHA1 and its keys and arguments, as node-redis takes them.
   */
  evalSha(...args: never[]): Promise<unknown>;
  /**
   * A new connection with the same options: the backend's one pub/sub connection.
   *
   * @param args - node-redis's optional override options (the backend passes none).
   */
  duplicate(...args: never[]): unknown;
}

interface ScriptOptions {
  keys: string[];
  arguments: string[];
}

/** The duck-typed view of a node-redis client used inside this file. */
interface NodeRedis {
  evalSha(sha: string, options: ScriptOptions): Promise<unknown>;
  eval(source: string, options: ScriptOptions): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string | Uint8Array, options?: { PX: number }): Promise<unknown>;
  del(key: string): Promise<number>;
  exists(key: string): Promise<number>;
  duplicate(): NodeRedisSubscriber;
}

interface NodeRedisSubscriber {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** node-redis 5 and later. */
  destroy?(): void;
  /** node-redis 4. */
  disconnect?(): Promise<void>;
}

/** Whether `client` looks like a node-redis client or cluster. */
export function isNodeRedisClient(client: unknown): client is NodeRedisClientLike {
  const candidate = client as Partial<NodeRedisClientLike> | null;
  return typeof candidate?.evalSha === 'function' && typeof candidate.duplicate === 'function';
}

/** Wraps a node-redis client or cluster. */
export function fromNodeRedis(client: NodeRedisClientLike): RedisConnection {
  const redis = client as unknown as NodeRedis;
  return {
    // A node-redis cluster knows its masters; a single client has no such property.
    cluster: 'masters' in client,
    sendScript(script: LuaScript, keys: readonly string[], args: readonly string[]) {
      // node-redis only reads these arrays (into the command it sends): no copies needed.
      const options = { keys: keys as string[], arguments: args as string[] };
      if (script.sha === undefined) return script.digest.then((sha) => redis.evalSha(sha, options));
      return redis.evalSha(script.sha, options);
    },
    evalScript(script: LuaScript, keys: readonly string[], args: readonly string[]) {
      return redis.eval(script.source, { keys: keys as string[], arguments: args as string[] });
    },
    get: (key) => redis.get(key),
    async set(key, value, ttl) {
      await (ttl === null
        ? redis.set(key, value)
        : redis.set(key, value, { PX: wholeMilliseconds(ttl) }));
    },
    del: (key) => redis.del(key),
    exists: (key) => redis.exists(key),
    async openSubscriber(onMessage: MessageListener, onError, onReconnect) {
      const subscriber = redis.duplicate();
      subscriber.on('error', onError);
      // 'ready' comes on every connect; all but the first are reconnects.
      let connects = 0;
      subscriber.on('ready', () => {
        if (connects++ > 0) onReconnect();
      });
      // Not awaited here: while Redis is down, closing must not wait for the connection.
      const connected = subscriber.connect();
      connected.catch(() => {});
      const listener = (message: string, channel: string) => onMessage(channel, message);
      return {
        async subscribe(channel) {
          await connected;
          await subscriber.subscribe(channel, listener);
        },
        async unsubscribe(channel) {
          await connected;
          await subscriber.unsubscribe(channel);
        },
        async close() {
          // Our own connection, with nothing left to finish: dropped at once, even mid-reconnect.
          try {
            if (subscriber.destroy) subscriber.destroy();
            else await subscriber.disconnect?.();
          } catch {
            // Already closed.
          }
        },
      } satisfies SubscriberConnection;
    },
  };
}
