import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
initCachify({ backend: redisBackend(client), prefix: `example-${crypto.randomUUID()}:` });

const held = await lock({ key: 'import-job', exp: 1000, autoExtend: true }).acquire();

try {
  for (let batch = 1; batch <= 3; batch++) {
    held.signal.throwIfAborted(); // before each batch: do we still own the lock?
    console.log(`batch ${batch}`);
    if (batch === 2) {
      // A synchronous task blocks the event loop for 2 s: no renewal can run, the lock expires.
      const end = Date.now() + 2000;
      while (Date.now() < end);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
} catch (error) {
  console.log(`stopped: ${error}`);
}

await client.quit();
