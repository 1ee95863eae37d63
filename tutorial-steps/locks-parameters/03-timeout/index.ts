import { initCachify, lock } from 'cachify';

initCachify();

// Held for 30 s, the default exp.
await using held = await lock({ key: 'import-job' }).acquire();

try {
  // Wait at most half a second, then give up.
  const impatient = lock({
    key: 'import-job',
    nowait: false,
    timeout: 500,
  });
  await impatient.acquire();
} catch (error) {
  console.log(`gave up: ${error}`);
}
