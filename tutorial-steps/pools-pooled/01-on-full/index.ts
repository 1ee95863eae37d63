import { initCachify, pooled } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// At most 2 exports per user at a time, in the pool `export-<user>`.
const exportData = pooled(
  {
    key: 'export-{0}',
    maxSize: 2,
    onFull: (user: string) => `${user}: busy, try again later`,
  },
  async (user: string) => {
    await sleep(100); // the export takes a while
    return `${user}: export ready`;
  },
);

// Ann asks three times at once, Bob once.
const calls = [
  exportData('ann'),
  exportData('ann'),
  exportData('ann'),
  exportData('bob'),
];
console.log((await Promise.all(calls)).join('\n'));
