import { initCachify, lock } from 'cachify';

initCachify();

// The import usually takes 100 ms, so a 300 ms lock seems enough.
const held = await lock({ key: 'import-job', exp: 300 }).acquire();

// This time it needs longer: extend the lock to 2 s from now before it runs out.
console.log(`extended: ${await held.extend(2000)}`);
await new Promise((resolve) => setTimeout(resolve, 500));
console.log(`still locked after 500 ms: ${await lock({ key: 'import-job' }).isLocked()}`);

await held.release();
console.log(`extend after release: ${await held.extend(2000)}`);
