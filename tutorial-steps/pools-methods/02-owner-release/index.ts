import { initCachify, pool } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const workers = pool({ key: 'workers', maxSize: 2 });
await using steady = await workers.acquire();

// Worker A takes the other slot for 100 ms, then stalls for 300 ms
// (a slow network, a long garbage collection).
const short = pool({ key: 'workers', maxSize: 2, slotExp: 100 });
const a = await short.acquire();
await sleep(300);
console.log(`A: ${a.signal.reason}`);

// Meanwhile A's slot expired, and worker B took its place.
const b = await workers.acquire();

// A wakes up and releases "its" slot: a handle releases only a slot
// it still owns.
console.log(`A released: ${await a.release()}`);
console.log(`taken: ${await workers.size()} of 2`);
console.log(`B released: ${await b.release()}`);
