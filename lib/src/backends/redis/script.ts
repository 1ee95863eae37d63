import type { LuaScript } from './client.js';

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
