import { initCachify, locked } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

class Billing {
  // A standard decorator: the same options, on a class method.
  @locked({ key: 'charge-{0}' })
  async charge(orderId: number) {
    await sleep(100);
    return `order ${orderId} charged`;
  }
}

const billing = new Billing();
const calls = [billing.charge(1), billing.charge(1), billing.charge(2)];
for (const result of await Promise.allSettled(calls)) {
  console.log(
    result.status === 'fulfilled' ? result.value : `${result.reason}`,
  );
}
