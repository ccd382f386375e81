import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Contender } from './contenders.js';
import { assertInstalled, grafbaseConfig, type LaunchContext, launchSpec } from './gateway-launch.js';
import { type NetworkFence, startNetworkFence } from './network-fence.js';
import { ServerProcess } from './server-process.js';

/** A contender's gateway, started and answering. */
export interface RunningContender {
  readonly contender: Contender;
  readonly url: string;
  readonly process: ServerProcess;
  readonly fence: NetworkFence;
  /** Our gateway's `/metrics` (on its admin listener); peers have none the bench reads. */
  readonly metricsUrl?: string;
  stop(): Promise<void>;
}

/** What starting a contender needs besides the contender and its port, work folder and fence. */
export type StartContext = Omit<LaunchContext, 'port' | 'workDir' | 'fenceEnv'> & {
  /** Scratch root: each contender gets a folder inside it. */
  readonly scratchDir: string;
  /** `taskset -c` CPU list for the gateway, when pinning. */
  readonly cpus?: string;
  /** How long the gateway may take to answer its first query (60 s when absent). */
  readonly readyTimeoutMs?: number;
};

/**
 * `count` distinct ports free right now on 127.0.0.1, for a gateway whose CLI cannot listen on
 * port 0 and tell. All are held until all are known: one closed before the next is asked for could
 * be handed out again.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', resolve);
          }),
      ),
    );
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('could not find a free port');
      return address.port;
    });
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
      ),
    );
  }
}

/** How a gateway that could not bind its port says so (Node's EADDRINUSE, Rust's "Address already in use"). */
const ADDRESS_IN_USE = /EADDRINUSE|address already in use/i;

/**
 * Runs `start` up to `attempts` times while it fails because its port was taken meanwhile (free
 * ports are chosen before the gateway binds them, and outgoing connections draw on the same
 * range); any other failure, or the last, is thrown.
 */
export async function retryWhileAddressInUse<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !ADDRESS_IN_USE.test(String((error as Error)?.message ?? error)))
        throw error;
    }
  }
}

/**
 * Starts a contender's gateway process and waits until it answers a query; on failure stops what
 * it started and throws an Error naming the gateway and quoting the end of its output. A start
 * that lost its port to another process is tried again on new ports.
 */
export async function startContender(contender: Contender, context: StartContext): Promise<RunningContender> {
  assertInstalled(contender);
  return retryWhileAddressInUse(() => startOnce(contender, context));
}

async function startOnce(contender: Contender, context: StartContext): Promise<RunningContender> {
  const [port, adminPort] = await freePorts(contender.kind === 'ours' ? 2 : 1);
  if (port === undefined) throw new Error('could not find a free port');
  const workDir = mkdtempSync(join(context.scratchDir, `${contender.id}-`));
  if (contender.kind === 'grafbase') {
    writeFileSync(
      join(workDir, 'grafbase.toml'),
      grafbaseConfig(context.subgraphs, contender.inflightDeduplication ?? true),
    );
  }
  const fence = await startNetworkFence();
  const spec = launchSpec(contender, {
    ...context,
    port,
    workDir,
    fenceEnv: fence.env,
    ...(adminPort !== undefined && { adminPort }),
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  let server: ServerProcess | undefined;
  try {
    server = new ServerProcess(contender.label, spec, context.cpus);
    await server.waitUntilReady(url, context.readyTimeoutMs);
  } catch (error) {
    await server?.stop();
    await fence.close();
    throw error;
  }
  const running = server;
  return {
    contender,
    url,
    process: running,
    fence,
    ...(adminPort !== undefined && { metricsUrl: `http://127.0.0.1:${adminPort}/metrics` }),
    async stop() {
      await running.stop();
      await fence.close();
    },
  };
}
