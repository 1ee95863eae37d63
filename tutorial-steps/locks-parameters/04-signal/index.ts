import { initCachify, lock } from 'cachify';

initCachify();

await using held = await lock({ key: 'import-job' }).acquire();

// Waiting can be cancelled from outside, for example when the user leaves the page.
const controller = new AbortController();
const waiting = lock({ key: 'import-job', nowait: false, signal: controller.signal }).acquire();
setTimeout(() => controller.abort(new Error('the user pressed Cancel')), 100);

try {
  await waiting;
} catch (error) {
  console.log(`stopped waiting: ${error}`);
}
