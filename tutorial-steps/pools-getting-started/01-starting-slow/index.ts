import { initCachify, pool } from 'cachify';

// an in-memory backend, the default
initCachify();

// a pool with room for two holders at a time
const workers = pool({ key: 'worker-pool', maxSize: 2 });

// a sync slot: `using` gives it back at the end of the block
{
  using _slot = workers.acquireSync();
  console.log(`holding a slot: ${workers.sizeSync()} of 2 taken`);
}

// the same pool object in async code, with `await using`
{
  await using _first = await workers.acquire();
  await using _second = await workers.acquire();
  console.log(`two holders: ${await workers.size()} of 2 taken`);
}

console.log(`after the blocks: ${await workers.size()} of 2 taken`);
