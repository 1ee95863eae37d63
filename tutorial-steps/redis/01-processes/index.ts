import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
const [role, prefix = `example-${crypto.randomUUID()}:`] =
  process.argv.slice(2);
initCachify({ backend: redisBackend(client), prefix });
const counter = `${prefix}counter`;

if (role === 'worker') {
  // Five read-pause-write increments of a shared counter, each under
  // the same lock.
  const counterLock = lock({ key: 'counter', nowait: false });
  for (let i = 0; i < 5; i++) {
    await using held = await counterLock.acquire();
    const value = Number(await client.get(counter));
    await new Promise((done) => setTimeout(done, 5));
    await client.set(counter, value + 1);
  }
} else {
  // Three processes, started from this same file, share one lock.
  const file = fileURLToPath(import.meta.url);
  const worker = () =>
    new Promise((done) =>
      spawn(
        process.execPath,
        [...process.execArgv, file, 'worker', prefix],
        {
          stdio: 'inherit',
        },
      ).on('exit', done),
    );
  await Promise.all([worker(), worker(), worker()]);
  console.log(
    `3 processes x 5 increments: ${await client.get(counter)}`,
  );
  await client.del(counter);
}
await client.quit();
