import { initCachify, pool } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const workers = pool({ key: 'workers', maxSize: 3 });
console.log(`taken: ${await workers.size()} of 3`);

// Two workers take slots: one for good, one for 300 ms.
await using steady = await workers.acquire();
const short = pool({ key: 'workers', maxSize: 3, slotExp: 300 });
await short.acquire();
console.log(`taken: ${await workers.size()} of 3`);

while ((await workers.size()) === 2) {
  await sleep(100); // check again in 100 ms
}
// An expired slot no longer counts.
console.log(`taken: ${workers.sizeSync()} of 3`);
