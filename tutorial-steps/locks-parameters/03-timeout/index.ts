import { initCachify, lock } from 'cachify';

initCachify();

// Held for 30 s, the default exp.
await using outer = await lock({ key: 'import-job' }).acquire();

try {
  // Wait at most half a second, then give up.
  await lock({ key: 'import-job', nowait: false, timeout: 500 }).acquire();
} catch (error) {
  console.log(`gave up: ${error}`);
}
