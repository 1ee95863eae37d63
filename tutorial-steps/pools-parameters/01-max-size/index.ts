import { initCachify, pool } from 'cachify';

initCachify();

// maxSize is a whole number of holders, 1 or more.
for (const maxSize of [3, 0, 1.5]) {
  try {
    const workers = pool({ key: 'workers', maxSize });
    console.log(`maxSize ${maxSize}: room for ${workers.maxSize}`);
  } catch (error) {
    console.log(`maxSize ${maxSize}: ${error}`);
  }
}
