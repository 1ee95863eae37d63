import { initCachify, lock } from 'cachify';

initCachify();

await using _held = await lock({ key: 'cool-async-lock' }).acquire();
console.log('this code is locked and will be executed');

// another key: nobody holds it, so this lock is free
await using _again = await lock({ key: 'another-async-lock' }).acquire();
console.log('and so is this code, under a lock of its own');
