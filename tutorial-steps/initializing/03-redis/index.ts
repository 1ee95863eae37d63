import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
// A fresh prefix per run keeps this example's keys apart from earlier runs.
initCachify({ backend: redisBackend(client), prefix: `example-${crypto.randomUUID()}:` });

{
  await using held = await lock({ key: 'nightly-report' }).acquire();
  console.log(`${held.key} is locked on Redis`);
}

console.log(`after the block: locked = ${await lock({ key: 'nightly-report' }).isLocked()}`);
await client.quit(); // the client is yours: cachify never closes it
