import { initCachify, once } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

const syncAccount = once(
  { key: 'sync-{0}', raiseOnLocked: true },
  async (accountId: number) => {
    await sleep(100);
    return `account ${accountId} synced`;
  },
);

const runs = [syncAccount(7), syncAccount(7)];
for (const result of await Promise.allSettled(runs)) {
  console.log(
    result.status === 'fulfilled' ? result.value : `${result.reason}`,
  );
}
