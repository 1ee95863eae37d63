const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

// A partner's API serves at most 3 requests at a time, and refuses
// any request beyond that.
let serving = 0;
async function callApi(id: number) {
  if (serving === 3) throw new Error('429 Too Many Requests');
  serving++;
  await sleep(10); // the API works on it
  serving--;
  return `request ${id}: 200 OK`;
}

// Ten tasks call it at once.
const calls = Array.from({ length: 10 }, (_, i) => callApi(i + 1));
const results = await Promise.allSettled(calls);
const refused = results.filter((r) => r.status === 'rejected');
console.log(
  `answered: ${10 - refused.length}, refused: ${refused.length}`,
);
