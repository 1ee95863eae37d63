import { cached, initCachify } from 'cachify';

initCachify();
const rates: Record<string, number> = {
  'EUR-USD': 1.08,
  'EUR-GBP': 0.86,
};

// One entry per pair of currencies: rate-EUR-USD, rate-EUR-GBP, ...
const getRate = cached(
  { key: 'rate-{0}-{1}' },
  async (from: string, to: string) => {
    console.log(`asking the bank for ${from}-${to}`);
    return rates[`${from}-${to}`];
  },
);

console.log(`EUR-USD: ${await getRate('EUR', 'USD')}`);
console.log(`EUR-GBP: ${await getRate('EUR', 'GBP')}`);
console.log(`EUR-USD: ${await getRate('EUR', 'USD')}`);
