import { initCachify, pool } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// One partner API, one limit: at most 2 requests at a time, whichever
// function makes them.
const partnerApi = pool({ key: 'partner-api', maxSize: 2 });

const getQuote = partnerApi.pooled(
  { onFull: (item: string) => `quote for ${item}: busy` },
  async (item: string) => {
    await sleep(100);
    return `quote for ${item}: 12.50`;
  },
);
const getStock = partnerApi.pooled(
  { onFull: (item: string) => `stock of ${item}: busy` },
  async (item: string) => {
    await sleep(100);
    return `stock of ${item}: 7`;
  },
);

const calls = [getQuote('lamp'), getStock('lamp'), getStock('desk')];
console.log((await Promise.all(calls)).join('\n'));
console.log(`taken now: ${await partnerApi.size()} of 2`);
