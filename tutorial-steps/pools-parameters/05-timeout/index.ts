import { initCachify, pool } from 'cachify';

initCachify();

// One slot, held for 10 minutes (the default slotExp).
await using held = await pool({ key: 'exports', maxSize: 1 }).acquire();

try {
  // Wait at most half a second, then give up.
  const impatient = pool({
    key: 'exports',
    maxSize: 1,
    nowait: false,
    timeout: 500,
  });
  await impatient.acquire();
} catch (error) {
  console.log(`gave up: ${error}`);
}
