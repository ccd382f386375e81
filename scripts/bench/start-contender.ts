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
};

/** A port free right now on 127.0.0.1, for a gateway whose CLI cannot listen on port 0 and tell. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/**
 * Starts a contender's gateway process and waits until it answers a query; on failure stops what
 * it started and throws an Error naming the gateway and quoting the end of its output.
 */
export async function startContender(contender: Contender, context: StartContext): Promise<RunningContender> {
  assertInstalled(contender);
  const port = await freePort();
  const workDir = mkdtempSync(join(context.scratchDir, `${contender.id}-`));
  if (contender.kind === 'grafbase') {
    writeFileSync(
      join(workDir, 'grafbase.toml'),
      grafbaseConfig(context.subgraphs, contender.inflightDeduplication ?? true),
    );
  }
  const fence = await startNetworkFence();
  const adminPort = contender.kind === 'ours' ? await freePort() : undefined;
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
    await server.waitUntilReady(url);
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
