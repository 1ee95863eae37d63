import { cached, initCachify } from 'cachify';

initCachify();

const getRate = cached({ key: 'rate-eur-usd' }, async () => {
  console.log('asking the bank');
  return 1.08;
});

console.log(`rate: ${await getRate()}`);
console.log(`rate: ${await getRate()}`); // from the cache
