import { initCachify, lock } from 'cachify';

initCachify();

async function chargeOrder(orderId: number) {
  await using held = await lock({ key: `order-${orderId}` }).acquire();
  console.log(`charging order ${orderId}, fencing token ${held.fencingToken}`);
  await new Promise((resolve) => setTimeout(resolve, 100)); // the payment provider answers
}

// A double click: two charges of one order at the same time.
const results = await Promise.allSettled([chargeOrder(42), chargeOrder(42)]);
console.log(results.map((result) => result.status).join(', '));

await chargeOrder(42); // released at the end of the first charge, so free again
