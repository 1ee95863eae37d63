import { initCachify, locked } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// Each call holds the lock `charge-<orderId>` while it runs.
const chargeOrder = locked(
  { key: 'charge-{0}' },
  async (orderId: number) => {
    await sleep(100); // the payment provider answers
    return `order ${orderId} charged`;
  },
);

// Order 1 twice at the same time, and order 2 beside them.
const calls = [chargeOrder(1), chargeOrder(1), chargeOrder(2)];
for (const result of await Promise.allSettled(calls)) {
  console.log(
    result.status === 'fulfilled' ? result.value : `${result.reason}`,
  );
}
