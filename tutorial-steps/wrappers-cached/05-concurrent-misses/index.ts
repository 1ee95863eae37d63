import { cached, initCachify } from 'cachify';

initCachify();

const getReport = cached({ key: 'report-{0}' }, async (month: string) => {
  console.log(`building the ${month} report`); // expensive: must not run once per visitor
  await new Promise((resolve) => setTimeout(resolve, 100));
  return `${month}: 1,204 orders`;
});

// Three visitors open the page before the report is in the cache.
const pages = await Promise.all([getReport('March'), getReport('March'), getReport('March')]);
console.log(pages.join('\n'));
