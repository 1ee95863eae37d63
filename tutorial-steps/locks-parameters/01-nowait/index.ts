import { initCachify, lock } from 'cachify';

initCachify();

const held = await lock({ key: 'inventory' }).acquire();
console.log(
  'The first task holds the lock, and releases it in 200 ms.',
);
setTimeout(() => held.release(), 200);

try {
  // nowait: true, the default: one attempt
  await lock({ key: 'inventory' }).acquire();
} catch (error) {
  console.log(`nowait: true  -> ${error}`);
}

const patient = lock({ key: 'inventory', nowait: false });
await using second = await patient.acquire();
console.log('nowait: false -> waited for the release, got the lock');
