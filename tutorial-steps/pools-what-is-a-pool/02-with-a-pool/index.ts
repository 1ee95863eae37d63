import { initCachify, pool } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

let serving = 0;
async function callApi(id: number) {
  if (serving === 3) throw new Error('429 Too Many Requests');
  serving++;
  await sleep(10);
  serving--;
  return `request ${id}: 200 OK`;
}

// Room for 3 callers at a time; the others wait in line for a slot.
const api = pool({ key: 'partner-api', maxSize: 3, nowait: false });

async function callThroughPool(id: number) {
  await using _slot = await api.acquire();
  // `return await`: the slot is given back after the call, not before
  return await callApi(id);
}

const calls = Array.from({ length: 10 }, (_, i) =>
  callThroughPool(i + 1),
);
const results = await Promise.allSettled(calls);
const refused = results.filter((r) => r.status === 'rejected');
console.log(
  `answered: ${10 - refused.length}, refused: ${refused.length}`,
);
