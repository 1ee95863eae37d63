import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const [role, prefix = `example-${crypto.randomUUID()}:`] = process.argv.slice(2);
initCachify({ backend: redisBackend(client), prefix });
const counterKey = `${prefix}counter`;

if (role === 'worker') {
  // Five read-modify-write increments of a shared counter, each under the same lock.
  for (let i = 0; i < 5; i++) {
    await using held = await lock({ key: 'counter', nowait: false }).acquire();
    const value = Number(await client.get(counterKey));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await client.set(counterKey, value + 1);
  }
} else {
  // Three processes, started from this same file, share one lock through Redis.
  const worker = () =>
    new Promise((resolve) =>
      spawn(process.execPath, [fileURLToPath(import.meta.url), 'worker', prefix], {
        stdio: 'inherit',
      }).on('exit', resolve),
    );
  await Promise.all([worker(), worker(), worker()]);
  console.log(`3 processes x 5 increments, counter: ${await client.get(counterKey)}`);
  await client.del(counterKey);
}
await client.quit();
