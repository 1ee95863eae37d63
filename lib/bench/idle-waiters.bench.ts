/**
 * What idle waiters cost Redis: N waiters in one process queue for a lock whose holder never lets
 * go, and the commands Redis runs meanwhile (`total_commands_processed`, which counts the commands
 * a script runs too) are read per second, for N = 1, 100 and 2,000 and both client libraries.
 *
 * Run: `npm run bench:idle-waiters -w cachify`. It starts its own `redis-server` on a free port
 * (so that nobody else's commands are counted) and stops it by its pid. WINDOW_MS (default 10000)
 * sets how long each count runs.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { initCachify } from '../src/index.js';
import { type RedisClientLike, redisBackend } from '../src/redis.js';

const WINDOW_MS = Number(process.env.WINDOW_MS ?? 10_000);
const COUNTS = [1, 100, 2000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const { stdout } = await promisify(execFile)('redis-cli', ['-p', String(port), 'ping']);
      if (stdout.trim() === 'PONG') return child;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

async function connect(
  kind: string,
  port: number,
): Promise<{ client: RedisClientLike; close(): void }> {
  if (kind === 'ioredis') {
    const client = new Redis({ port });
    return { client, close: () => client.disconnect() };
  }
  const client = createClient({ socket: { port } });
  await client.connect();
  return { client, close: () => client.destroy() };
}

const port = await freePort();
const server = await startRedis(port);
const raw = new Redis({ port });
const commandsRun = async () =>
  Number(/total_commands_processed:(\d+)/.exec(await raw.info('stats'))?.[1]);

try {
  for (const kind of ['ioredis', 'node-redis']) {
    for (const waiters of COUNTS) {
      const holderSide = await connect(kind, port);
      const waiterSide = await connect(kind, port);
      const holders = initCachify({
        backend: redisBackend(holderSide.client),
        isGlobal: false,
        logger: false,
      });
      const backend = redisBackend(waiterSide.client);
      const cachify = initCachify({ backend, isGlobal: false, logger: false });
      const key = `idle-${kind}-${waiters}`;
      const holder = await holders.lock({ key, exp: null }).acquire();
      const stops = Array.from({ length: waiters }, () => new AbortController());
      const waits = stops.map((stop) =>
        cachify
          .lock({ key, nowait: false, signal: stop.signal })
          .acquire()
          .catch(() => {}),
      );
      while (Number(await raw.zcard(`{cachify:lock:${key}}:queue`)) < waiters) await sleep(50);
      // Past the waiters' first attempts.
      await sleep(2000);
      const startedAt = Date.now();
      const before = await commandsRun();
      await sleep(WINDOW_MS);
      // Less the INFO that reads the count.
      const ran = (await commandsRun()) - before - 1;
      const perSecond = (ran * 1000) / (Date.now() - startedAt);
      console.log(
        `${kind.padEnd(10)} ${String(waiters).padStart(5)} idle waiters: ${perSecond.toFixed(1)} commands/s`,
      );
      for (const stop of stops) stop.abort();
      await Promise.all(waits);
      await holder.release();
      await backend.close();
      holderSide.close();
      waiterSide.close();
    }
  }
} finally {
  raw.disconnect();
  server.kill('SIGTERM');
}
