import { initCachify, lock } from 'cachify';

initCachify();

async function importRows(signal: AbortSignal) {
  console.log('importing rows, one batch at a time');
  while (true) {
    signal.throwIfAborted(); // between batches: stop once the lock is lost
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await using held = await lock({ key: 'import-job' }).acquire();
// An administrator force-releases the lock while the import runs.
setTimeout(() => lock({ key: 'import-job' }).release(), 200);

try {
  await importRows(held.signal);
} catch (error) {
  console.log(`stopped: ${error}`);
}
