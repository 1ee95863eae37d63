/**
 * Shared by the Redis tests: clients of both libraries, unique key prefixes on the shared Redis,
 * and private `redis-server` processes for the tests that stop, pause or restart Redis.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterEach, beforeEach, expect } from 'vitest';
import { freePort } from '../../../tests/support/common.js';
import { type Cachify, initCachify } from '../../src/index.js';
import { type RedisBackendOptions, type RedisClientLike, redisBackend } from '../../src/redis.js';

const run = promisify(execFile);

/** The shared Redis every test may use, with its own key prefix. */
export const SHARED_REDIS = { host: '127.0.0.1', port: 6379 };

export { freePort, sleep, uniquePrefix } from '../../../tests/support/common.js';

/** Names the two client libraries. */
export type ClientKind = 'ioredis' | 'node-redis';
export const CLIENT_KINDS: readonly ClientKind[] = ['ioredis', 'node-redis'];

/** A connected client of either library, with a uniform way to close it. */
export interface TestClient {
  readonly kind: ClientKind;
  /** The library's own client object, as a user would pass it to `redisBackend`. */
  readonly client: RedisClientLike;
  /** Runs a raw command (for assertions on what Redis holds). */
  command(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Connects a client of `kind` to `port` (the shared Redis by default). */
export async function connectClient(
  kind: ClientKind,
  port = SHARED_REDIS.port,
): Promise<TestClient> {
  if (kind === 'ioredis') {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
    client.on('error', () => {});
    await client.connect();
    return {
      kind,
      client,
      command: (name, ...args) => client.call(name, ...args),
      close: async () => {
        client.disconnect();
      },
    };
  }
  const client = createClient({ socket: { host: '127.0.0.1', port } });
  client.on('error', () => {});
  await client.connect();
  return {
    kind,
    client,
    command: (...args) => client.sendCommand(args),
    close: async () => {
      if (client.isOpen) client.destroy();
    },
  };
}

/** A backend on a fresh client of `kind`; `close` closes both. */
export async function connectBackend(
  kind: ClientKind,
  options?: RedisBackendOptions & { port?: number },
) {
  const { port, ...backendOptions } = options ?? {};
  const client = await connectClient(kind, port);
  const backend = redisBackend(client.client, backendOptions);
  return {
    client,
    backend,
    close: async () => {
      await backend.close();
      await client.close();
    },
  };
}

/** A port nobody listens on right now. */

/** A `redis-server` of our own, on a free port, without persistence. */
export interface PrivateRedis {
  readonly port: number;
  readonly pid: number;
  /** Stops it (SIGTERM to its pid, after SIGCONT in case it is paused). */
  stop(): Promise<void>;
  /** Stops it and starts a new one on the same port (empty, unless `extraArgs` persist data). */
  restart(): Promise<void>;
  /** Kills it with SIGKILL (as a crash would: nothing saved on the way out). */
  crash(): Promise<void>;
}

async function waitUntilReady(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `redis-server` with `extraArgs` on a free port; resolves once it answers PING. */
export async function startRedis(extraArgs: string[] = [], port?: number): Promise<PrivateRedis> {
  const chosen = port ?? (await freePort());
  let child = await launch(chosen, extraArgs);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    await done;
  };
  return {
    port: chosen,
    get pid() {
      return child.pid ?? 0;
    },
    stop,
    async restart() {
      await stop();
      child = await launch(chosen, extraArgs);
    },
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
  };
}

async function launch(port: number, extraArgs: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  );
  child.on('error', () => {});
  await waitUntilReady(port);
  return child;
}

/**
 * A TCP proxy in front of a Redis port, whose client-to-server direction can be held: commands
 * sent through it wait (as over a congested link, or from a process that stalls) while replies
 * and pub/sub messages still flow.
 */
export interface HeldProxy {
  readonly port: number;
  /** Stops forwarding what clients send, until `release()`. */
  hold(): void;
  /** Forwards again, what was held first. */
  release(): void;
  /**
   * Forwards what was held, then drops every client connection at once: Redis runs those commands
   * but their replies never arrive (a connection lost at the worst moment). Forwards again after.
   */
  cut(): void;
  /** How many chunks of commands it holds now. */
  heldChunks(): number;
  close(): Promise<void>;
}

/** Starts a {@link HeldProxy} to `targetPort` on a free port. */
export async function startProxy(targetPort: number): Promise<HeldProxy> {
  const sockets = new Set<Socket>();
  /** Per client connection: what it sent while held, and where that goes. */
  const pending = new Map<Socket, { upstream: Socket; chunks: Buffer[] }>();
  let held = false;
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const state = { upstream, chunks: [] as Buffer[] };
    sockets.add(client).add(upstream);
    pending.set(client, state);
    client.on('data', (chunk: Buffer) => {
      if (held) state.chunks.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      pending.delete(client);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const { upstream, chunks } of pending.values()) {
        for (const chunk of chunks.splice(0)) upstream.write(chunk);
      }
    },
    heldChunks() {
      let count = 0;
      for (const { chunks } of pending.values()) count += chunks.length;
      return count;
    },
    cut() {
      held = false;
      for (const [client, { upstream, chunks }] of pending) {
        for (const chunk of chunks.splice(0)) upstream.write(chunk);
        client.destroy();
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A three-master Redis Cluster of our own. */
export interface PrivateCluster {
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/** Starts three `--cluster-enabled` servers and joins them with `redis-cli --cluster create`. */
export async function startCluster(): Promise<PrivateCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'cachify-cluster-'));
  const servers: PrivateRedis[] = [];
  try {
    for (let index = 0; index < 3; index++) {
      servers.push(
        await startRedis([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${index}.conf`),
          '--cluster-node-timeout',
          '5000',
          '--dir',
          dir,
        ]),
      );
    }
    const ports = servers.map((server) => server.port);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    // Wait until every node reports the cluster as up.
    for (const port of ports) {
      for (let attempt = 0; ; attempt++) {
        const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
        if (stdout.includes('cluster_state:ok')) break;
        if (attempt > 100) throw new Error('the cluster did not come up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return {
      ports,
      async stop() {
        await Promise.all(servers.map((server) => server.stop()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Deletes every key under `prefix` on the given client (a test's own keys only). */
export async function deleteKeys(client: TestClient, pattern: string): Promise<void> {
  const keys = (await client.command('KEYS', pattern)) as string[];
  if (keys.length > 0) await client.command('DEL', ...keys);
}

/** Collects unhandled rejections while `fn` runs (and a moment after). */
export function trackUnhandledRejections(): { readonly reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const onRejection = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', onRejection);
  return { reasons, stop: () => process.off('unhandledRejection', onRejection) };
}

/** What {@link privateRedisPerTest} gives each test. */
export interface PrivateRedisPerTest {
  /** This test's server; a test that stops it for good may put a new one here to be stopped. */
  server: PrivateRedis;
  /** A plain ioredis connection to the server, for looking at keys and sending admin commands. */
  readonly raw: Redis;
  /** A backend on its own connection to the server, closed after the test. */
  connect(commandTimeout?: number): ReturnType<typeof connectBackend>;
  /** A non-global cachify instance on its own connection to the server, closed after the test. */
  instance(commandTimeout?: number): Promise<Cachify>;
}

/**
 * Gives every test of the calling `describe` its own `redis-server` (started with `serverArgs`),
 * stopped by its pid after the test, and checks that no rejection went unhandled meanwhile.
 */
export function privateRedisPerTest(
  kind: ClientKind,
  serverArgs: readonly string[] = [],
): PrivateRedisPerTest {
  let unhandled: ReturnType<typeof trackUnhandledRejections>;
  let raw: Redis;
  const cleanups: (() => Promise<void>)[] = [];
  const perTest = {
    server: undefined as unknown as PrivateRedis,
    get raw() {
      return raw;
    },
    async connect(commandTimeout = 5000) {
      const connected = await connectBackend(kind, { port: perTest.server.port, commandTimeout });
      cleanups.push(connected.close);
      return connected;
    },
    async instance(commandTimeout = 5000) {
      const { backend } = await perTest.connect(commandTimeout);
      return initCachify({ backend, isGlobal: false, logger: false });
    },
  };
  beforeEach(async () => {
    unhandled = trackUnhandledRejections();
    perTest.server = await startRedis([...serverArgs]);
    raw = new Redis({ port: perTest.server.port });
    raw.on('error', () => {});
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    raw.disconnect();
    await perTest.server.stop();
    // Let late rejections surface before checking.
    await new Promise((resolve) => setTimeout(resolve, 100));
    unhandled.stop();
    expect(unhandled.reasons).toEqual([]);
  });
  return perTest;
}
