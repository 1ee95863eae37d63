import { initCachify, pool } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// An export usually takes 100 ms, so a 300 ms slot seems enough.
const exportJobs = pool({ key: 'exports', maxSize: 2, slotExp: 300 });
const slot = await exportJobs.acquire();

// This time it needs longer: extend to 2 s from now, in time.
console.log(`extended: ${await slot.extend(2000)}`);
await sleep(500);
console.log(
  `still taken after 500 ms: ${await exportJobs.size()} of 2`,
);

await slot.release();
console.log(`extend after release: ${await slot.extend(2000)}`);
