import { initCachify, pool } from 'cachify';

initCachify();

const printers = pool({ key: 'printers', maxSize: 2 });
const first = await printers.acquire();
await printers.acquire();
console.log('Both slots are taken; one is given back in 200 ms.');
setTimeout(() => first.release(), 200);

try {
  // nowait: true, the default: one attempt
  await printers.acquire();
} catch (error) {
  console.log(`nowait: true  -> ${error}`);
}

const patient = pool({ key: 'printers', maxSize: 2, nowait: false });
await using slot = await patient.acquire();
console.log('nowait: false -> waited for a free slot, got it');
