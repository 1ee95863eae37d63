import { initCachify, lock } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

async function importRows(signal: AbortSignal) {
  console.log('importing rows, one batch at a time');
  while (true) {
    signal.throwIfAborted(); // stop here once the lock is lost
    await sleep(50);
  }
}

const importJob = lock({ key: 'import-job' });
await using held = await importJob.acquire();
// An administrator force-releases the lock while the import runs.
setTimeout(() => importJob.release(), 200);

try {
  await importRows(held.signal);
} catch (error) {
  console.log(`stopped: ${error}`);
}
