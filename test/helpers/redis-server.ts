import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, Socket } from 'node:net';

/** A Redis for one test file: a throwaway server, or the one REDIS_URL names. */
export interface TestRedisServer {
  url: string;
  port: number;
  /** Kills a throwaway server and waits for it to exit; leaves a REDIS_URL server alone. */
  stop(): Promise<void>;
  /** Starts a stopped throwaway server again on the same port (absent for a REDIS_URL server). */
  restart?(): Promise<void>;
}

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** Listen on this port instead of a free one. */
  port?: number;
  /**
   * Always start a server of this test's own, even when REDIS_URL is set: for tests that stop and
   * restart Redis to see an outage.
   */
  throwaway?: boolean;
}

/** A throwaway server that can be stopped and started again: what `throwaway: true` returns. */
export type ThrowawayRedisServer = Required<TestRedisServer>;

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

/**
 * Starts `redis-server` on a free loopback port with persistence off, and resolves once it answers
 * PING. `redis-server` needs an explicit port, so a free one is found by binding port 0 first; when
 * another process takes it in between, another port is tried.
 *
 * When REDIS_URL is set (and `throwaway` is not), that server is used instead and nothing is
 * started: tests keep to key namespaces of their own (`uniqueRedisNamespace`), so they can share
 * it with each other and with whatever else lives there. Without REDIS_URL, `redis-server` must be
 * installed; its absence fails the test with the command that installs it, rather than skipping.
 */
export async function startRedisServer(
  options: RedisServerOptions & { throwaway: true },
): Promise<ThrowawayRedisServer>;
export async function startRedisServer(options?: RedisServerOptions): Promise<TestRedisServer>;
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const shared = process.env.REDIS_URL;
  if (shared && !options.throwaway && options.port === undefined) {
    const url = new URL(shared);
    return { url: shared, port: Number(url.port || 6379), stop: async () => {} };
  }
  requireRedisServerBinary();
  let port = options.port ?? (await freePort());
  for (let attempt = 1; ; attempt += 1) {
    try {
      let running = await spawnRedis(port);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () => running.stop(),
        restart: async () => {
          await running.stop();
          running = await spawnRedis(port);
        },
      };
    } catch (error) {
      const taken = error instanceof PortTaken;
      if (!taken || options.port !== undefined || attempt >= PORT_ATTEMPTS) throw error;
      port = await freePort();
    }
  }
}

/** A key namespace no other test uses, e.g. `test-inventory-1f2e3d4c`. */
export function uniqueRedisNamespace(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}

class PortTaken extends Error {}

interface RunningRedis {
  stop(): Promise<void>;
}

let binaryChecked = false;

/** Fails with the command that installs Redis when `redis-server` is not on the PATH. */
export function requireRedisServerBinary(): void {
  if (binaryChecked) return;
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'redis-server is not installed, and the Redis tests need a real Redis. Install it ' +
        '(Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL ' +
        'to a Redis the tests may write to.',
    );
  }
  binaryChecked = true;
}

async function spawnRedis(port: number): Promise<RunningRedis> {
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
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPong(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    if (/address already in use/i.test(output)) throw new PortTaken(`port ${port} is taken: ${output}`);
    throw error;
  }
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port on the loopback interface that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPong(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${output()}`);
    // Another test's server may have taken the port first: only our own process counts.
    if ((await serverPid(port)) === child.pid) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${START_TIMEOUT_MS} ms: ${output()}`);
}

/** The process id of the Redis answering on `port`, or undefined when none answers. */
function serverPid(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const done = (pid: number | undefined) => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(500, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.on('data', (data) => {
      reply += data.toString();
      const pid = /process_id:(\d+)/.exec(reply)?.[1];
      if (pid) done(Number(pid));
      else if (reply.startsWith('-')) done(undefined);
    });
    socket.connect(port, '127.0.0.1', () => socket.write('INFO server\r\n'));
  });
}
