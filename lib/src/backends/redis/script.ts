import { createHash } from 'node:crypto';
import type { LuaScript } from './client.js';

/** Declares a Lua script; its digest is computed once, here, so `EVALSHA` needs no `SCRIPT LOAD`. */
export function defineScript(name: string, source: string): LuaScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}
