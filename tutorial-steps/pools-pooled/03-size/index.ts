import { initCachify, pooled } from 'cachify';

initCachify();

const exportData = pooled(
  { key: 'export-{0}', maxSize: 2 },
  async (user: string) => {
    // Inside the call, its slot is taken.
    console.log(`during: ${await exportData.size(user)} of 2 taken`);
    return `${user}: export ready`;
  },
);

// The arguments of a call name that call's pool.
console.log(`before: ${await exportData.size('ann')} of 2 taken`);
console.log(await exportData('ann'));
console.log(`after: ${await exportData.size('ann')} of 2 taken`);
