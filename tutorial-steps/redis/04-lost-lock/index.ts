import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
initCachify({
  backend: redisBackend(client),
  prefix: `example-${crypto.randomUUID()}:`,
});

const importJob = lock({
  key: 'import-job',
  exp: 1000,
  autoExtend: true,
});
const held = await importJob.acquire();

try {
  for (let batch = 1; batch <= 3; batch++) {
    held.signal.throwIfAborted(); // do we still own the lock?
    console.log(`batch ${batch}`);
    if (batch === 2) {
      // A synchronous task blocks the event loop for 2 s: no renewal
      // can run, and the lock expires.
      const end = Date.now() + 2000;
      while (Date.now() < end);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
} catch (error) {
  console.log(`stopped: ${error}`);
}

await client.quit();
