import { initCachify, lock } from 'cachify';

// an in-memory backend, the default
initCachify();

// a sync lock: `using` releases it at the end of the block
{
  using _held = lock({ key: 'cool-sync-lock' }).acquireSync();
  console.log('this code is locked');
}

// the same kind of lock object, taken with `await using` in async code
{
  await using _held = await lock({ key: 'cool-async-lock' }).acquire();
  console.log('this code is locked, but using async cache');
}
