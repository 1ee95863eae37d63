import { initCachify, lock } from 'cachify';

initCachify();

const held = await lock({ key: 'inventory' }).acquire();
console.log('The first task holds the lock, and releases it in 200 ms.');
setTimeout(() => held.release(), 200);

try {
  await lock({ key: 'inventory' }).acquire(); // nowait: true, the default: one attempt
} catch (error) {
  console.log(`nowait: true  -> ${error}`);
}

await using second = await lock({ key: 'inventory', nowait: false }).acquire();
console.log('nowait: false -> waited for the release, and got the lock');
