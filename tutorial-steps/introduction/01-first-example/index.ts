import { initCachify, lock } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

async function chargeOrder(orderId: number) {
  await using held = await lock({ key: `order-${orderId}` }).acquire();
  console.log(`charging order ${orderId}, token ${held.fencingToken}`);
  await sleep(100); // the payment provider answers
}

// A double click: two charges of one order at the same time.
const charges = [chargeOrder(42), chargeOrder(42)];
const results = await Promise.allSettled(charges);
console.log(results.map((result) => result.status).join(', '));

await chargeOrder(42); // the first charge released the lock: free again
