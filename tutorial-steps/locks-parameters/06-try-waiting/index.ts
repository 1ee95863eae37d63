import { initCachify, lock } from 'cachify';

initCachify();

// A nightly job holds the report lock for 300 ms.
const job = await lock({ key: 'report' }).acquire();
setTimeout(() => job.release(), 300);

// This lock gives up at once. Make it wait for the job, but never longer than 2 seconds.
const reader = lock({ key: 'report' });
await using _report = await reader.acquire();
console.log('got the report lock after the job');
