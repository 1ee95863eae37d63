/** The pool suite every pool backend passes, on Redis, through each client library. */
import type { LockBackend } from '../../src/index.js';
import { describePoolSuite } from '../suites/pool/index.js';
import { CLIENT_KINDS, connectBackend } from './helpers.js';

for (const kind of CLIENT_KINDS) {
  let close: () => Promise<void> = async () => {};
  describePoolSuite(
    `redis (${kind})`,
    async () => {
      const connected = await connectBackend(kind);
      close = connected.close;
      return connected.backend as LockBackend;
    },
    { closeBackend: () => close() },
  );
}
