import { initCachify, once } from 'cachify';

initCachify();

// Syncing an account must not run twice at the same time.
const syncAccount = once({ key: 'sync-{0}' }, async (accountId: number) => {
  console.log(`syncing account ${accountId}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return 'synced';
});

// The scheduler fires again for account 7 while its first run is still going.
const results = await Promise.all([syncAccount(7), syncAccount(7), syncAccount(8)]);
console.log(results.map(String).join(', '));
