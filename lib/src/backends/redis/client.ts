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
  /** Whether the client is a Redis Cluster (a script may then only touch keys of one slot). */
  readonly cluster: boolean;
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
   * `onReconnect` is called each time the connection is back after a drop (messages sent in
   * between were missed).
   */
  openSubscriber(
    onMessage: MessageListener,
    onError: (error: unknown) => void,
    onReconnect: () => void,
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

/**
 * Whether `error` (as {@link toBackendError} made it) says the connection failed: the command may
 * or may not have run. Not a reply error, not a command timeout (no reply at all), not a closed
 * backend.
 */
export function isConnectionLoss(error: unknown): boolean {
  return (
    error instanceof CachifyBackendError && error.cause !== undefined && !isReplyError(error.cause)
  );
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
  const message = describeFailure(error);
  if (isReplyError(error) && !UNAVAILABLE_REPLIES.test(message)) {
    return new CachifyBackendError(`Redis rejected ${operation}: ${message}`, { cause: error });
  }
  return new CachifyBackendError(`Redis is unreachable (${operation} failed): ${message}`, {
    cause: error,
  });
}

/**
 * What went wrong, in words: node-redis rejects some connection failures with an empty message
 * (an `AggregateError` of ECONNREFUSED per address, a closed socket), so fall back to the inner
 * errors, the error code, the cause, and the error's name.
 */
function describeFailure(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  if (depth < 3 && error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((inner) => describeFailure(inner, depth + 1)))].join('; ');
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  if (depth < 3 && error.cause !== undefined) return describeFailure(error.cause, depth + 1);
  return error.name === 'Error' ? 'the connection failed without saying why' : error.name;
}
