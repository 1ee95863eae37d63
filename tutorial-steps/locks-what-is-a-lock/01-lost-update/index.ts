let balance = 100;
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

async function withdraw(amount: number) {
  const current = balance; // read
  await sleep(10); // ask the bank; meanwhile, other tasks run
  balance = current - amount; // write
}

await Promise.all([withdraw(30), withdraw(50)]);
console.log(`balance: ${balance} (expected 20)`);
