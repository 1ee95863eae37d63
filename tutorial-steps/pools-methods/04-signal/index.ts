import { initCachify, pool } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

async function importRows(signal: AbortSignal) {
  console.log('importing rows, one batch at a time');
  while (true) {
    signal.throwIfAborted(); // stop here once the slot is lost
    await sleep(50);
  }
}

// The import runs longer than its slot lives.
const imports = pool({ key: 'imports', maxSize: 2, slotExp: 200 });
await using slot = await imports.acquire();

try {
  await importRows(slot.signal);
} catch (error) {
  console.log(`stopped: ${error}`);
}
