import { initCachify, locked } from 'cachify';

initCachify();

const rebuildIndex = locked({ key: 'rebuild-{0}' }, async (index: string) => {
  console.log(`rebuilding ${index}`);
  await new Promise((resolve) => setTimeout(resolve, 500)); // slow, and holding the lock
});

const rebuilding = rebuildIndex('products');
await new Promise((resolve) => setTimeout(resolve, 50));

// The same arguments name the lock of one call.
console.log(`products locked: ${await rebuildIndex.isLocked('products')}`);
console.log(`users locked: ${await rebuildIndex.isLocked('users')}`);

await rebuildIndex.release('products'); // force release, for an administrator
console.log(`products locked after release: ${await rebuildIndex.isLocked('products')}`);
await rebuilding;
