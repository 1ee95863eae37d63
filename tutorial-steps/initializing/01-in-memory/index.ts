import { initCachify, lock } from 'cachify';

// A lock may be created before initialization: it finds the instance
// when it is used.
const report = lock({ key: 'nightly-report' });

try {
  await report.acquire();
} catch (error) {
  console.log(String(error));
}

initCachify(); // no options: locks live in this process's memory

await using held = await report.acquire();
console.log(`${held.key} is locked: ${await report.isLocked()}`);
