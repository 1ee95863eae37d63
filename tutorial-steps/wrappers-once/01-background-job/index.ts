import { initCachify, once } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// Syncing an account must not run twice at the same time.
const syncAccount = once(
  { key: 'sync-{0}' },
  async (accountId: number) => {
    console.log(`syncing account ${accountId}`);
    await sleep(100);
    return 'synced';
  },
);

// The scheduler fires again for account 7 while its first run is going.
const runs = [syncAccount(7), syncAccount(7), syncAccount(8)];
console.log((await Promise.all(runs)).map(String).join(', '));
