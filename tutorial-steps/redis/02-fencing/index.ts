import { initCachify, lock } from 'cachify';
import { redisBackend } from 'cachify/redis';
import { Redis } from 'ioredis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url);
initCachify({
  backend: redisBackend(client),
  prefix: `example-${crypto.randomUUID()}:`,
});
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// The protected resource keeps the highest fencing token it has seen,
// and refuses writes that carry an older one.
let highest = 0n;
function writeReport(text: string, token: bigint) {
  if (token < highest) return console.log(`storage: refused ${text}`);
  highest = token;
  console.log(`storage: wrote ${text}`);
}

// A takes a 200 ms lock, then stalls for 400 ms (a long GC pause).
const a = await lock({ key: 'report', exp: 200 }).acquire();
await sleep(400);

// Meanwhile B takes the expired lock, and writes.
const b = await lock({ key: 'report' }).acquire();
writeReport("B's report", b.fencingToken);

// A wakes up, unaware, and writes too: its older token gives it away.
writeReport("A's report", a.fencingToken);

await b.release();
await client.quit();
