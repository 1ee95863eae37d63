/** The pool suite every pool backend passes, on Redis, through each client library. */
import { poolKeys } from '../../src/backends/redis/pool-keys.js';
import type { LockBackend } from '../../src/index.js';
import { describePoolSuite } from '../suites/pool/index.js';
import { CLIENT_KINDS, connectBackend } from './helpers.js';

for (const kind of CLIENT_KINDS) {
  let close: () => Promise<void> = async () => {};
  let queueLength: (storageKey: string) => Promise<number> = async () => 0;
  describePoolSuite(
    `redis (${kind})`,
    async () => {
      const connected = await connectBackend(kind);
      close = connected.close;
      queueLength = async (storageKey) =>
        Number(await connected.client.command('ZCARD', poolKeys(storageKey).queue));
      return connected.backend as LockBackend;
    },
    { closeBackend: () => close(), queueLength: (_backend, storageKey) => queueLength(storageKey) },
  );
}
