import { cached, initCachify } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));
type Prices = Map<string, number>;

const getPrices = cached(
  {
    key: 'prices-{0}',
    ttl: 200, // ms
    // A Map is not a JSON value: store its entries, an array.
    encode: (prices) => [...prices],
    decode: (entries) => new Map(entries as Array<[string, number]>),
  },
  async (currency: string): Promise<Prices> => {
    console.log(`loading ${currency} prices`);
    return new Map([
      ['coffee', 3.5],
      ['tea', 2.75],
    ]);
  },
);

await getPrices('EUR');
const prices = await getPrices('EUR'); // a hit, decoded into a Map
console.log(`tea: ${prices.get('tea')}`);

await sleep(300);
await getPrices('EUR'); // expired after 200 ms: loaded again
