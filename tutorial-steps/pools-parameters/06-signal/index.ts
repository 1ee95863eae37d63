import { initCachify, pool } from 'cachify';

initCachify();

await using held = await pool({ key: 'exports', maxSize: 1 }).acquire();

// A wait can be cancelled from outside, e.g. when the user leaves.
const controller = new AbortController();
const waiting = pool({
  key: 'exports',
  maxSize: 1,
  nowait: false,
  signal: controller.signal,
}).acquire();
setTimeout(() => controller.abort(new Error('the user left')), 100);

try {
  await waiting;
} catch (error) {
  console.log(`stopped waiting: ${error}`);
}
