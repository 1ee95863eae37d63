import { initCachify, lock } from 'cachify';

initCachify();

// The same options in synchronous code, with using and acquireSync.
using outer = lock({ key: 'import-job', exp: 300 }).acquireSync();
console.log('The outer lock is held; it expires in 300 ms.');

// acquireSync waits by blocking the thread until the lock is free.
const inner = lock({ key: 'import-job', nowait: false, timeout: 1000 });
using held = inner.acquireSync();
console.log('Acquired without await, once the outer lock expired.');
