import { cached, initCachify } from 'cachify';

initCachify();

let queries = 0;
// One cache entry per user id: user-1, user-2, ...
const getUser = cached({ key: 'user-{0}' }, async (id: number) => {
  queries++;
  return { id, name: `user ${id}` };
});

await getUser(1);
await getUser(1);
console.log((await getUser(2)).name);
console.log(`database queries: ${queries}`);
