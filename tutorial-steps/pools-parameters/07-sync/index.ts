import { initCachify, pool } from 'cachify';

initCachify();

// The same options in synchronous code, with using and acquireSync:
// one slot is held for good, the other expires in 300 ms.
using held = pool({ key: 'workers', maxSize: 2 }).acquireSync();
const short = pool({ key: 'workers', maxSize: 2, slotExp: 300 });
using expiring = short.acquireSync();
console.log('Both slots are taken; one expires in 300 ms.');

// acquireSync waits by blocking the thread until a slot is free.
const waiting = pool({
  key: 'workers',
  maxSize: 2,
  nowait: false,
  timeout: 1000,
});
using slot = waiting.acquireSync();
console.log(
  `Got a slot without await: ${waiting.sizeSync()} of 2 taken.`,
);
