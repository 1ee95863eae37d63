import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initCachify, pool } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
const [role, prefix = `example-${crypto.randomUUID()}:`] =
  process.argv.slice(2);
initCachify({ backend: redisBackend(client), prefix });
// The API's own counters, kept in Redis too: callers being served,
// and requests it had to refuse.
const serving = `${prefix}serving`;
const refused = `${prefix}refused`;

if (role === 'worker') {
  // Three calls to an API that serves at most 2 callers at a time,
  // each made in a slot of the same pool.
  const api = pool({ key: 'partner-api', maxSize: 2, nowait: false });
  for (let i = 0; i < 3; i++) {
    await using _slot = await api.acquire();
    if ((await client.incr(serving)) > 2) await client.incr(refused);
    await new Promise((done) => setTimeout(done, 20));
    await client.decr(serving);
  }
} else {
  // Four processes, started from this same file, share one pool.
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
  await Promise.all([worker(), worker(), worker(), worker()]);
  console.log(
    `4 processes x 3 calls, refused: ${Number(await client.get(refused))}`,
  );
  await client.del(serving, refused);
}
await client.quit();
