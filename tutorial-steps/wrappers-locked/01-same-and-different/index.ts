import { initCachify, locked } from 'cachify';

initCachify();

// Each call holds the lock `charge-<orderId>` while it runs.
const chargeOrder = locked({ key: 'charge-{0}' }, async (orderId: number) => {
  await new Promise((resolve) => setTimeout(resolve, 100)); // the payment provider answers
  return `order ${orderId} charged`;
});

// Order 1 twice at the same time, and order 2 beside them.
const results = await Promise.allSettled([chargeOrder(1), chargeOrder(1), chargeOrder(2)]);
for (const result of results) {
  console.log(result.status === 'fulfilled' ? result.value : `${result.reason}`);
}
