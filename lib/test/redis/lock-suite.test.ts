/** The lock suite every backend passes, on Redis, through each client library. */
import type { LockBackend } from '../../src/index.js';
import { describeLockSuite } from '../suites/lock-suite.js';
import { CLIENT_KINDS, connectBackend } from './helpers.js';

for (const kind of CLIENT_KINDS) {
  const closers = new Map<LockBackend, () => Promise<void>>();
  describeLockSuite(
    `redis (${kind})`,
    async () => {
      const connected = await connectBackend(kind);
      closers.set(connected.backend, connected.close);
      return connected.backend;
    },
    { closeBackend: (backend) => closers.get(backend)?.() },
  );
}
