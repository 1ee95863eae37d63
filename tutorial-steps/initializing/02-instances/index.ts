import { initCachify, memoryBackend } from 'cachify';

// One store (in real life, one Redis) shared by two parts of an app,
// each with its own instance and prefix.
const store = memoryBackend();
const billing = initCachify({
  backend: store,
  prefix: 'billing:',
  isGlobal: false,
});
const shipping = initCachify({
  backend: store,
  prefix: 'shipping:',
  isGlobal: false,
});

await using invoice = await billing.lock({ key: 'order-42' }).acquire();
await using parcel = await shipping.lock({ key: 'order-42' }).acquire();
console.log(
  `billing holds ${invoice.key}, so does shipping: ${parcel.key}`,
);
// In the store, each key carries its instance's prefix and its kind (lock:).
console.log(
  store.isLockedSync('billing:lock:order-42'),
  store.isLockedSync('shipping:lock:order-42'),
);

try {
  await billing.lock({ key: 'order-42' }).acquire();
} catch (error) {
  console.log(String(error));
}
