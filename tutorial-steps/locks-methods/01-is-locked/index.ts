import { initCachify, lock } from 'cachify';

initCachify();

// Another part of the app holds the report lock for half a second.
await lock({ key: 'nightly-report', exp: 500 }).acquire();

const report = lock({ key: 'nightly-report' });
if (await report.isLocked()) console.log('Lock is still active! Waiting...');
while (await report.isLocked()) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

await using held = await report.acquire();
console.log('The lock expired, and we hold it now.');
