import { initCachify, pool } from 'cachify';

initCachify();

const printers = pool({ key: 'printers', maxSize: 2, nowait: false });
const first = await printers.acquire();
const second = await printers.acquire();

// Three jobs line up for a slot, in this order.
const jobs = ['A', 'B', 'C'].map(async (name) => {
  const slot = await printers.acquire();
  console.log(
    `job ${name} got a slot, fencing token ${slot.fencingToken}`,
  );
  return slot;
});

// Each release hands its slot to the job that has waited longest.
await second.release();
await first.release();
const jobA = await jobs[0];
await jobA.release();
await Promise.all(jobs);
