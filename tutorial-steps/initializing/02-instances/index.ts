import { initCachify } from 'cachify';

// Two parts of one app, each with its own instance, prefix and defaults.
const billing = initCachify({ prefix: 'billing:', isGlobal: false });
const shipping = initCachify({ prefix: 'shipping:', isGlobal: false, defaultLockExpiration: 5000 });

await using invoice = await billing.lock({ key: 'order-42' }).acquire();
await using parcel = await shipping.lock({ key: 'order-42' }).acquire();
console.log(`billing holds ${invoice.key}, and so does shipping: ${parcel.key}`);

try {
  await billing.lock({ key: 'order-42' }).acquire();
} catch (error) {
  console.log(String(error));
}
