import { cached, initCachify } from 'cachify';

initCachify();

const getPrices = cached(
  {
    key: 'prices-{0}',
    ttl: 200, // ms
    // What the store keeps: plain JSON, which Redis (or any store) can hold.
    encode: (prices: Map<string, number>) => JSON.stringify([...prices]),
    decode: (stored: string) => new Map<string, number>(JSON.parse(stored)),
  },
  async (currency: string) => {
    console.log(`loading ${currency} prices`);
    return new Map([
      ['coffee', 3.5],
      ['tea', 2.75],
    ]);
  },
);

await getPrices('EUR');
const prices = await getPrices('EUR'); // a hit, decoded back into a Map
console.log(`tea: ${prices.get('tea')}`);

await new Promise((resolve) => setTimeout(resolve, 300));
await getPrices('EUR'); // the entry expired after 200 ms: loaded again
