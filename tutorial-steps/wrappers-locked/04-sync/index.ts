import { initCachify, locked } from 'cachify';

initCachify(); // the in-memory backend answers synchronously

// A synchronous function stays synchronous: no await, no promise.
const saveConfig = locked({ key: 'config-file' }, (text: string) => {
  console.log(`saving: ${text}`);
  return text.length;
});

console.log(`saved ${saveConfig('port=8080')} characters`);
