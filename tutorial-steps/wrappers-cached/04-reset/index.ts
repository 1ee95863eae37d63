import { cached, initCachify } from 'cachify';

initCachify();
let balance = 100;

const getBalance = cached(
  { key: 'balance-{0}' },
  async (accountId: number) => {
    console.log(`reading the balance of account ${accountId}`);
    return balance;
  },
);

console.log(`balance: ${await getBalance(7)}`);
balance = 70; // a payment went through
console.log(`balance: ${await getBalance(7)} (stale, from the cache)`);

await getBalance.reset(7); // the arguments name the entry to drop
console.log(`balance: ${await getBalance(7)}`);
