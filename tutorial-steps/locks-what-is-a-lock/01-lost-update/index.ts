let balance = 100;

async function withdraw(amount: number) {
  const current = balance; // read
  await new Promise((resolve) => setTimeout(resolve, 10)); // ask the bank, meanwhile others run
  balance = current - amount; // write
}

await Promise.all([withdraw(30), withdraw(50)]);
console.log(`balance: ${balance} (expected 20)`);
