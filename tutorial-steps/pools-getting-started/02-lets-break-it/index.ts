import { initCachify, pool } from 'cachify';

initCachify();
const workers = pool({ key: 'worker-pool', maxSize: 2 });

await using _first = await workers.acquire();
await using _second = await workers.acquire();
console.log('two holders, and the pool is full');

// a third holder, while both slots are still taken
await using _third = await workers.acquire();
console.log('a third holder: we will not make it to this print');
