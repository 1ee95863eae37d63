import { initCachify, pool } from 'cachify';

initCachify();

// One worker holds a slot for 10 minutes, the default slotExp.
const workers = pool({ key: 'workers', maxSize: 2 });
await using busy = await workers.acquire();

// Another takes a slot that lives 1 s (slotExp), then hangs and
// never gives it back.
const hung = pool({ key: 'workers', maxSize: 2, slotExp: 1000 });
const hungSlot = await hung.acquire();
console.log('Both slots are taken; the hung one expires in 1 s.');

// This one waits (nowait: false) up to 3 s (timeout): long enough
// for the hung slot to expire.
const waiting = pool({
  key: 'workers',
  maxSize: 2,
  nowait: false,
  timeout: 3000,
});
await using slot = await waiting.acquire();
console.log('The hung slot expired, and its place was taken.');
console.log(`The hung worker's signal: ${hungSlot.signal.reason}`);
