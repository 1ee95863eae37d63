import { initCachify, lock } from 'cachify';

initCachify();

await using _held = await lock({ key: 'cool-async-lock' }).acquire();
console.log('this code is locked and will be executed');

// the same key again, while the first lock is still held
await using _again = await lock({ key: 'cool-async-lock' }).acquire();
console.log(
  'we are attempting to acquire a new lock with the same key and will not make it to this print',
);
