import { initCachify, pooled } from 'cachify';

initCachify(); // the in-memory backend answers synchronously

// A synchronous function stays synchronous: no await, no promise.
const resize = pooled(
  { key: 'resize', maxSize: 4, onFull: () => -1 },
  (width: number) => {
    console.log(`resizing to ${width} px`);
    return width * 2;
  },
);

console.log(`thumbnail height: ${resize(320)}`);
