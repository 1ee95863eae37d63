import { initCachify, lock } from 'cachify';

initCachify();
let balance = 100;

async function withdraw(amount: number) {
  // One withdrawal per account at a time; the second one waits its turn (nowait: false).
  await using held = await lock({ key: 'account-1', nowait: false }).acquire();
  const current = balance;
  await new Promise((resolve) => setTimeout(resolve, 10));
  balance = current - amount;
}

await Promise.all([withdraw(30), withdraw(50)]);
console.log(`balance: ${balance} (expected 20)`);
