/**
 * The few Redis operations the backend needs, behind one interface that the ioredis and
 * node-redis adapters implement.
 *
 * @module
 */
import { CachifyBackendError } from '../../errors.js';

/** A Lua script and its SHA1 digest, so that it is sent in full only when Redis lacks it. */
export interface LuaScript {
  /** Operation name, for error messages. */
  readonly name: string;
  /** Lua source. */
  readonly source: string;
  /** SHA1 of `source` (hex), as `EVALSHA` wants it, once {@link LuaScript.digest} settled. */
  readonly sha: string | undefined;
  /** Resolves the SHA1 of `source`. */
  readonly digest: Promise<string>;
}

/** A value as Redis stores it. */
export type RedisValue = string | Uint8Array;

/** Called with each message of a subscribed channel. */
export type MessageListener = (channel: string, message: string) => void;

/** A dedicated connection in subscriber mode. */
export interface SubscriberConnection {
  /** Subscribes to `channel`; resolves once Redis confirmed it. */
  subscribe(channel: string): Promise<void>;
  /** Unsubscribes from `channel`. */
  unsubscribe(channel: string): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** What the backend asks of a Redis client, whichever library it comes from. */
export interface RedisConnection {
  /**
   * `EVALSHA`: runs a script by its digest. Rejects with a `NOSCRIPT` error when Redis does not
   * know it (yet, or any more after a restart): then {@link RedisConnection.evalScript} sends it.
   */
  sendScript(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** `EVAL`: runs a script from its source, which Redis then keeps for `EVALSHA`. */
  evalScript(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** `GET key`. */
  get(key: string): Promise<string | null>;
  /** `SET key value [PX ttl]`. */
  set(key: string, value: RedisValue, ttl: number | null): Promise<void>;
  /** `DEL key`: the number of keys deleted. */
  del(key: string): Promise<number>;
  /** `EXISTS key`: 1 or 0. */
  exists(key: string): Promise<number>;
  /**
   * Opens a new connection to the same Redis (`duplicate()`), in subscriber mode, passing every
   * message to `onMessage`. Connection errors go to `onError` instead of crashing the process.
   */
  openSubscriber(
    onMessage: MessageListener,
    onError: (error: unknown) => void,
  ): Promise<SubscriberConnection>;
}

/** Reply errors that mean the server is up but cannot serve now, so it counts as unreachable. */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY)\b/;

/** Whether `error` is an error reply from Redis (the command reached the server). */
export function isReplyError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  // ioredis: ReplyError; node-redis: ErrorReply and its subclasses (SimpleError, BlobError).
  if (error.name === 'ReplyError' || error.name === 'ErrorReply') return true;
  return error.constructor?.name === 'ErrorReply' || error.constructor?.name === 'SimpleError';
}

/** Whether a reply error says that Redis does not know the script (so `EVAL` it). */
export function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Turns whatever a Redis client threw into a {@link CachifyBackendError}: "Redis is unreachable"
 * for connection failures, "Redis rejected ..." for error replies. Programming errors
 * (`TypeError`, `RangeError`) pass unchanged, as they say nothing about Redis.
 */
export function toBackendError(error: unknown, operation: string): Error {
  if (error instanceof CachifyBackendError) return error;
  if (error instanceof TypeError || error instanceof RangeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isReplyError(error) && !UNAVAILABLE_REPLIES.test(message)) {
    return new CachifyBackendError(`Redis rejected ${operation}: ${message}`, { cause: error });
  }
  return new CachifyBackendError(`Redis is unreachable (${operation} failed): ${message}`, {
    cause: error,
  });
}
