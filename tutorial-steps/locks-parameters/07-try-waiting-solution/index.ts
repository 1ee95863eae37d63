import { initCachify, lock } from 'cachify';

initCachify();

// A nightly job holds the report lock for 300 ms.
const job = await lock({ key: 'report' }).acquire();
setTimeout(() => job.release(), 300);

// Waits for the job (nowait: false), but at most 2 seconds (timeout, in ms).
const reader = lock({ key: 'report', nowait: false, timeout: 2000 });
await using _report = await reader.acquire();
console.log('got the report lock after the job');
