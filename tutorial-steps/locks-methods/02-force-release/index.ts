import { initCachify, lock } from 'cachify';

initCachify();

// A crashed job left its lock behind, and it never expires.
await lock({ key: 'nightly-report', exp: null }).acquire();

const report = lock({ key: 'nightly-report' });
console.log(`locked: ${await report.isLocked()}`);

await report.release(); // force release: whoever holds it
console.log(`locked: ${await report.isLocked()}`);

await using held = await report.acquire();
console.log('Acquire the same lock again');
