import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { createClient } from 'redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = createClient({ url });
await client.connect(); // node-redis connects explicitly
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

await client.close(); // node-redis 5 and later; quit() before that
