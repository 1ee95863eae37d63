import { initCachify, lock } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));
const inventory = lock({ key: 'inventory', exp: 100 });

// Task A takes the 100 ms lock, then stalls for 300 ms
// (a slow network, a long garbage collection).
const a = await inventory.acquire();
await sleep(300);
console.log(`A: ${a.signal.reason}`);

// Meanwhile the lock expired, and task B took it.
const b = await inventory.acquire();

// A wakes up and releases "its" lock: a handle releases only a lock
// it still owns.
console.log(`A released: ${await a.release()}`);
console.log(`still locked by B: ${await inventory.isLocked()}`);
console.log(`B released: ${await b.release()}`);
