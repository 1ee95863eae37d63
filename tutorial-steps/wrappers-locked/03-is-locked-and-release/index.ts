import { initCachify, locked } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const rebuildIndex = locked(
  { key: 'rebuild-{0}' },
  async (name: string) => {
    console.log(`rebuilding ${name}`);
    await sleep(500); // slow, and holding the lock all along
  },
);

const rebuilding = rebuildIndex('products');
await sleep(50);

// The arguments of a call name that call's lock.
console.log(`products: ${await rebuildIndex.isLocked('products')}`);
console.log(`users: ${await rebuildIndex.isLocked('users')}`);

await rebuildIndex.release('products'); // force release, for admins
console.log(`products: ${await rebuildIndex.isLocked('products')}`);
await rebuilding;
