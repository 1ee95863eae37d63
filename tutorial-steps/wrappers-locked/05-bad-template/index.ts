import { initCachify, locked } from 'cachify';

initCachify();

try {
  // {1} is the second argument, but chargeOrder takes only one.
  const chargeOrder = locked(
    { key: 'charge-{1}' },
    async (orderId: number) => `order ${orderId} charged`,
  );
} catch (error) {
  console.log(String(error));
}
