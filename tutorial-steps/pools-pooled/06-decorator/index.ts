import { initCachify, pooled } from 'cachify';

initCachify();
const sleep = (ms: number) =>
  new Promise((done) => setTimeout(done, ms));

class Exports {
  // A standard decorator: the same options, on a class method.
  @pooled({
    key: 'export-{0}',
    maxSize: 2,
    onFull: (user: string) => `${user}: busy, try again later`,
  })
  async run(user: string) {
    await sleep(100);
    return `${user}: export ready`;
  }
}

const exportJobs = new Exports();
const calls = [
  exportJobs.run('ann'),
  exportJobs.run('ann'),
  exportJobs.run('ann'),
  exportJobs.run('bob'),
];
console.log((await Promise.all(calls)).join('\n'));
