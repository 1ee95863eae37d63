import { initCachify, once } from 'cachify';

initCachify();

const syncAccount = once(
  { key: 'sync-{0}', returnOnLocked: 'already running' },
  async (accountId: number) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return `account ${accountId} synced`;
  },
);

const results = await Promise.all([syncAccount(7), syncAccount(7)]);
console.log(results.join('\n'));
