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

// A typo in a path: only the arguments can show it.
const shipOrder = locked(
  { key: 'ship-{0.idd}' },
  async (order: { id: number }) => `order ${order.id} shipped`,
);
try {
  await shipOrder({ id: 42 });
} catch (error) {
  console.log(String(error));
}
