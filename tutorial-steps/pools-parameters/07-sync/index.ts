import { initCachify, pool } from 'cachify';

initCachify();

// The same options in synchronous code, with using and acquireSync.
const workers = pool({ key: 'workers', maxSize: 2, slotExp: 300 });
using first = workers.acquireSync();
using second = workers.acquireSync();
console.log('Both slots are taken; they expire in 300 ms.');

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
