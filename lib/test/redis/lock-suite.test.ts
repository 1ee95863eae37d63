/** The lock suite every backend passes, on Redis, through each client library. */
import { lockKeys } from '../../src/backends/redis/keys.js';
import type { LockBackend } from '../../src/index.js';
import { describeLockSuite } from '../suites/lock/index.js';
import { CLIENT_KINDS, connectBackend } from './helpers.js';

for (const kind of CLIENT_KINDS) {
  let close: () => Promise<void> = async () => {};
  let queueLength: (storageKey: string) => Promise<number> = async () => 0;
  describeLockSuite(
    `redis (${kind})`,
    async () => {
      const connected = await connectBackend(kind);
      // Cached values the suite stores without a TTL are deleted afterwards, to leave the shared
      // Redis as it was (lock keys expire by themselves).
      const stored = new Set<string>();
      const { backend } = connected;
      const setValue = backend.setValue.bind(backend);
      backend.setValue = (key, value, ttl) => {
        stored.add(key);
        return setValue(key, value, ttl);
      };
      queueLength = async (storageKey) =>
        Number(await connected.client.command('ZCARD', lockKeys(storageKey).queue));
      close = async () => {
        if (stored.size > 0) await connected.client.command('DEL', ...stored);
        await connected.close();
      };
      return backend as LockBackend;
    },
    { closeBackend: () => close(), queueLength: (_backend, storageKey) => queueLength(storageKey) },
  );
}
