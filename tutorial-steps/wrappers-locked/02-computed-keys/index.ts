import { initCachify, locked } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

interface User {
  id: number;
  name: string;
}

// A property path picks a field of an argument...
const saveProfile = locked(
  { key: 'profile-{0.id}' },
  async (user: User) => {
    await sleep(50);
    return `saved ${user.name}`;
  },
);

// ...and a function builds any key from all the arguments.
const notify = locked(
  {
    key: (user: User, channel: string) =>
      `notify-${user.id}-${channel}`,
  },
  async (user: User, channel: string) =>
    `told ${user.name} by ${channel}`,
);

const ada = { id: 1, name: 'Ada' };
const calls = [
  saveProfile(ada),
  saveProfile({ ...ada, name: 'Ada L.' }), // same id: same key
  notify(ada, 'email'),
  notify(ada, 'sms'), // another channel: another key
];
for (const result of await Promise.allSettled(calls)) {
  console.log(
    result.status === 'fulfilled' ? result.value : `${result.reason}`,
  );
}
