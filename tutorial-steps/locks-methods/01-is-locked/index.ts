import { initCachify, lock } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// Another part of the app holds the report lock for half a second.
await lock({ key: 'nightly-report', exp: 500 }).acquire();

const report = lock({ key: 'nightly-report' });
if (await report.isLocked()) {
  console.log('Lock is still active! Waiting...');
}
while (await report.isLocked()) {
  await sleep(100); // check again in 100 ms
}

await using held = await report.acquire();
console.log('The lock expired, and we hold it now.');
