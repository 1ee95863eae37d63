import { initCachify, lock } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// The import usually takes 100 ms, so a 300 ms lock seems enough.
const importJob = lock({ key: 'import-job', exp: 300 });
const held = await importJob.acquire();

// This time it needs longer: extend to 2 s from now, in time.
console.log(`extended: ${await held.extend(2000)}`);
await sleep(500);
console.log(`still locked after 500 ms: ${await importJob.isLocked()}`);

await held.release();
console.log(`extend after release: ${await held.extend(2000)}`);
