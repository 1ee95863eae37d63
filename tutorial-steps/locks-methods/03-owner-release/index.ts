import { initCachify, lock } from 'cachify';

initCachify();

// Task A takes the lock for 100 ms, then stalls for 300 ms (a slow network, a long GC pause).
const a = await lock({ key: 'inventory', exp: 100 }).acquire();
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(`A: ${a.signal.reason}`);

// Meanwhile the lock expired, and task B took it.
const b = await lock({ key: 'inventory' }).acquire();

// A wakes up and releases "its" lock: a handle releases only a lock it still owns.
console.log(`A released: ${await a.release()}`);
console.log(`still locked by B: ${await lock({ key: 'inventory' }).isLocked()}`);
console.log(`B released: ${await b.release()}`);
