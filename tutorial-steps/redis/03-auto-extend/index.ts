import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
initCachify({
  backend: redisBackend(client),
  prefix: `example-${crypto.randomUUID()}:`,
});

// A 1 s lock, renewed every third of a second while it is held.
const importJob = lock({
  key: 'import-job',
  exp: 1000,
  autoExtend: true,
});
const held = await importJob.acquire();

console.log('importing for 2.5 s under a 1 s lock...');
await new Promise((done) => setTimeout(done, 2500));

console.log(`lock lost: ${held.signal.aborted}`);
console.log(`released by its owner: ${await held.release()}`);
await client.quit();
