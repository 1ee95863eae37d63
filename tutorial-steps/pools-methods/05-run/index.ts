import { initCachify, pool } from 'cachify';

initCachify();
const workers = pool({ key: 'workers', maxSize: 2 });

// Take a slot, call, give the slot back (also when the function
// throws), and hand back the function's result.
const rows = await workers.run(async () => 1204);
console.log(`${rows} rows, taken now: ${await workers.size()}`);

try {
  await workers.run(async () => {
    throw new Error('the database is down');
  });
} catch (error) {
  console.log(`${error}, taken now: ${await workers.size()}`);
}

// The same in synchronous code, with the in-memory backend.
console.log(`sync: ${workers.runSync(() => 'done')}`);
