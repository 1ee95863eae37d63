import { initCachify } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

let sent = 0;
// Three clicks on "Send" arrive at once: the newsletter must go out once.
const sendNewsletter = async () => {
  await sleep(100);
  sent++;
};

await Promise.all([
  sendNewsletter(),
  sendNewsletter(),
  sendNewsletter(),
]);
console.log(`newsletters sent: ${sent}`);
