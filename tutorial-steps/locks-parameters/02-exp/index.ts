import { initCachify, lock } from 'cachify';

initCachify();

// The outer lock lives 1 s (exp), and nobody releases it in time.
const outer = lock({ key: 'import-job', exp: 1000 });
const outerHeld = await outer.acquire();
console.log('The outer lock is held; it expires in 1 s.');

// The inner one waits (nowait: false) up to 3 s (timeout): long
// enough for the outer lock to expire.
const inner = lock({ key: 'import-job', nowait: false, timeout: 3000 });
await using innerHeld = await inner.acquire();
console.log(
  'This code is acquiring the same lock under the previous one.',
);

// The outer holder finishes late and releases: it no longer owns the
// lock, so its release does nothing and the inner holder keeps it.
console.log('outer release:', await outerHeld.release());
console.log(
  'inner still holds it:',
  innerHeld.held,
  await inner.isLocked(),
);
