import { cached, initCachify } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const getReport = cached(
  { key: 'report-{0}' },
  async (month: string) => {
    console.log(`building the ${month} report`); // expensive
    await sleep(100);
    return `${month}: 1,204 orders`;
  },
);

// Three visitors open the page before the report is in the cache.
const pages = ['March', 'March', 'March'].map((month) =>
  getReport(month),
);
console.log((await Promise.all(pages)).join('\n'));
