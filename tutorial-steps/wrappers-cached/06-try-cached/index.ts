import { initCachify } from 'cachify';

initCachify();

let queries = 0;
// Every call asks the database. Cache one entry per user id.
const getUser = async (id: number) => {
  queries++;
  return { id, name: `user ${id}` };
};

await getUser(1);
await getUser(1);
console.log((await getUser(2)).name);
console.log(`database queries: ${queries}`);
