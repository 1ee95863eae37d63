import { initCachify, once } from 'cachify';

initCachify();

const syncAccount = once({ key: 'sync-{0}', raiseOnLocked: true }, async (accountId: number) => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return `account ${accountId} synced`;
});

const results = await Promise.allSettled([syncAccount(7), syncAccount(7)]);
for (const result of results) {
  console.log(result.status === 'fulfilled' ? result.value : `${result.reason}`);
}
