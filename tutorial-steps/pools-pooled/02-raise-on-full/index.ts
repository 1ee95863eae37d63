import { initCachify, pooled } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const exportData = pooled(
  { key: 'export-{0}', maxSize: 2, raiseOnFull: true },
  async (user: string) => {
    await sleep(100);
    return `${user}: export ready`;
  },
);

const calls = [exportData('ann'), exportData('ann'), exportData('ann')];
for (const result of await Promise.allSettled(calls)) {
  console.log(
    result.status === 'fulfilled' ? result.value : `${result.reason}`,
  );
}
