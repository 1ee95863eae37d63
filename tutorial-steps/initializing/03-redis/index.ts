import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
initCachify({
  backend: redisBackend(client),
  // A fresh prefix per run keeps this example apart from earlier runs.
  prefix: `example-${crypto.randomUUID()}:`,
});

const report = lock({ key: 'nightly-report' });
{
  await using held = await report.acquire();
  console.log(
    `${held.key} is locked on Redis: ${await report.isLocked()}`,
  );
}
console.log(`after the block: ${await report.isLocked()}`);

await client.quit(); // the client is yours: cachify never closes it
