import { initCachify, lock } from 'cachify';

initCachify();
let balance = 100;
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

async function withdraw(amount: number) {
  // One withdrawal per account at a time: the second waits its turn.
  const account = lock({ key: 'account-1', nowait: false });
  await using held = await account.acquire();
  const current = balance;
  await sleep(10);
  balance = current - amount;
}

await Promise.all([withdraw(30), withdraw(50)]);
console.log(`balance: ${balance} (expected 20)`);
