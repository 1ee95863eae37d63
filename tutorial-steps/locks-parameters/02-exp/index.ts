import { initCachify, lock } from 'cachify';

initCachify();

// The outer lock lives 1 second (exp), and is still held when the inner acquisition starts.
await using outer = await lock({ key: 'import-job', exp: 1000 }).acquire();
console.log('The outer lock is held; it expires in 1 s.');

// The inner acquisition waits (nowait: false) up to 3 s (timeout): the outer lock expires first.
await using inner = await lock({ key: 'import-job', nowait: false, timeout: 3000 }).acquire();
console.log('This code is acquiring the same lock under the previous one.');
