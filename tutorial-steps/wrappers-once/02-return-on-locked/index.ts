import { initCachify, once } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const syncAccount = once(
  { key: 'sync-{0}', returnOnLocked: 'already running' },
  async (accountId: number) => {
    await sleep(100);
    return `account ${accountId} synced`;
  },
);

const runs = [syncAccount(7), syncAccount(7)];
console.log((await Promise.all(runs)).join('\n'));
