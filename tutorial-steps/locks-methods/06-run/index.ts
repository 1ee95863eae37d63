import { initCachify, lock } from 'cachify';

initCachify();
const report = lock({ key: 'nightly-report' });

// Acquire, call, release (also when the function throws), and hand
// back the function's result.
const rows = await report.run(async () => 1204);
console.log(`${rows} rows, locked now: ${await report.isLocked()}`);

try {
  await report.run(async () => {
    throw new Error('the database is down');
  });
} catch (error) {
  console.log(`${error}, locked now: ${await report.isLocked()}`);
}

// The same in synchronous code, with the in-memory backend.
console.log(`sync: ${report.runSync(() => 'done')}`);
