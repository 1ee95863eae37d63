/**
 * Lua scripts: how they are declared, how one call of a script is described, and how it is run
 * (by digest, or from source when Redis does not know the digest).
 *
 * @module
 */
import { isNoScriptError, type LuaScript, type RedisConnection } from './client.js';

/**
 * Declares a Lua script. Its SHA1 digest (WebCrypto, so no Node built-in is needed) is computed
 * once, at declaration, for `EVALSHA`.
 */
export function defineScript(name: string, source: string): LuaScript {
  const script: { -readonly [K in keyof LuaScript]: LuaScript[K] } = {
    name,
    source,
    sha: undefined,
    digest: globalThis.crypto.subtle
      .digest('SHA-1', new TextEncoder().encode(source))
      .then((hash) => {
        const hex = [...new Uint8Array(hash)].map((byte) => byte.toString(16).padStart(2, '0'));
        script.sha = hex.join('');
        return script.sha;
      }),
  };
  return script;
}

/**
 * One call of a script: what to send, and how to read the reply. Reading is part of the call so
 * that whoever runs it turns the reply into a result in the same step that receives it.
 */
export interface ScriptCall<T> {
  readonly script: LuaScript;
  readonly keys: readonly string[];
  readonly args: readonly string[];
  /** The result that the reply stands for. */
  read(reply: unknown): T;
  /** Undoes a result that came after the caller stopped waiting for it (the command timeout). */
  late?(result: T, redis: RedisConnection): void;
}

/** Runs `call`: by digest, sending the script's source only when Redis does not know it. */
export function runScript<T>(redis: RedisConnection, call: ScriptCall<T>): Promise<T> {
  return redis.sendScript(call.script, call.keys, call.args).then(
    (reply) => call.read(reply),
    (error: unknown) => {
      if (!isNoScriptError(error)) throw error;
      return redis.evalScript(call.script, call.keys, call.args).then((reply) => call.read(reply));
    },
  );
}
