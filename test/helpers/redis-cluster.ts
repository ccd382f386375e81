import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, Redis } from 'ioredis';
import { silentLogger } from '../../platform/logger.js';
import { createRedisClient } from '../../platform/redis/redis-client.js';
import { parseRedisClusterNodes } from '../../platform/redis/redis-cluster-nodes.js';
import { freePort, requireRedisServerBinary } from './redis-server.js';
import { waitUntil } from './wait-until.js';

/** One node as `CLUSTER NODES` describes it. */
export interface ClusterNodeInfo {
  id: string;
  port: number;
  role: 'master' | 'replica';
  /** Set when the cluster considers the node failed (or possibly failed). */
  failed: boolean;
  /** The id of the master a replica copies. */
  masterId: string | undefined;
  /** The slots a master serves, as [first, last] ranges. */
  slots: [number, number][];
}

/** A throwaway Redis Cluster of real `redis-server` processes, for one test file. */
export interface TestRedisCluster {
  /** Every node, masters and replicas, as seeds for a client: `127.0.0.1:7000,...`. */
  readonly seeds: string;
  readonly nodes: readonly { host: string; port: number }[];
  /** The topology as a live node sees it. */
  topology(): Promise<ClusterNodeInfo[]>;
  /** The slot of `key` (`CLUSTER KEYSLOT`). */
  keySlot(key: string): Promise<number>;
  /** The master serving `slot`. */
  masterOf(slot: number): Promise<ClusterNodeInfo>;
  /** How many keys matching `pattern` (SCAN MATCH) each live master holds, by port. */
  keysByMaster(pattern: string): Promise<Map<number, number>>;
  /** Kills the node on `port` with SIGKILL, as a crash would. */
  kill(port: number): Promise<void>;
  /**
   * Starts the killed node on `port` again, with the identity its nodes file keeps; resolves once
   * it has rejoined as a replica in sync with its master (a master that was replaced comes back so).
   */
  restart(port: number): Promise<void>;
  /**
   * Waits until the master on `port` is marked failed, one of its replicas serves its slots and
   * every live node says `cluster_state:ok`; resolves to the new master.
   */
  waitForFailover(port: number): Promise<ClusterNodeInfo>;
  /** Moves `slots` slots from the master `from` to the master `to` with `redis-cli --cluster reshard`. */
  reshard(options: { from: string; to: string; slots: number }): Promise<string>;
  /** Kills every node and removes their files. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 20_000;
// Short, so a killed master's replica takes over within seconds; long enough that a node slowed
// down by a busy machine is not taken for a failed one.
const NODE_TIMEOUT_MS = 3_000;

/**
 * Starts `masters` masters with `replicasPerMaster` replicas each (six nodes by default), every
 * one a `redis-server --cluster-enabled yes` on free ports in a temporary folder, joins them with
 * `redis-cli --cluster create --cluster-replicas`, and resolves once every node reports
 * `cluster_state:ok` and every replica is in sync with its master.
 */
export async function startRedisCluster(
  options: { masters?: number; replicasPerMaster?: number } = {},
): Promise<TestRedisCluster> {
  requireRedisServerBinary();
  requireRedisCli();
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const dir = await mkdtemp(join(tmpdir(), 'hexagraph-cluster-'));
  const processes = new Map<number, ChildProcess>();
  const admins = new Map<number, Redis>();
  // The replicas of each killed master: one of them must take its slots over.
  const heirs = new Map<number, string[]>();
  const busPorts = new Map<number, number>();
  const stop = async () => {
    for (const admin of admins.values()) admin.disconnect();
    await Promise.all([...processes.values()].map((child) => killAndWait(child, 'SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // A free port may be taken by another test's server before redis-server binds it: a node that
    // exits at start goes again on other ports.
    const taken = new Set<number>();
    const startNode = async (): Promise<number> => {
      for (let attempt = 1; ; attempt += 1) {
        const port = await unusedFreePort(taken);
        const busPort = await unusedFreePort(taken);
        const child = spawnClusterNode(port, busPort, dir);
        const exited = () => child.exitCode !== null || child.signalCode !== null;
        const reply = await waitUntil(
          async () => (exited() ? 'exited' : await pingOnce(port)),
          (answer) => answer === 'PONG' || answer === 'exited',
          { what: `cluster node ${port} to start`, timeoutMs: START_TIMEOUT_MS, intervalMs: 50 },
        );
        if (reply === 'PONG') {
          busPorts.set(port, busPort);
          processes.set(port, child);
          return port;
        }
        if (attempt === 3) {
          throw new Error(`redis-server exited at start three times (last on ports ${port} and ${busPort})`);
        }
      }
    };
    const ports: number[] = [];
    for (let i = 0; i < masters * (1 + replicas); i += 1) ports.push(await startNode());
    const admin = (port: number) => {
      let client = admins.get(port);
      if (!client) {
        client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 1 });
        client.on('error', () => {});
        admins.set(port, client);
      }
      return client;
    };
    await runRedisCli([
      '--cluster',
      'create',
      ...ports.map((port) => `${HOST}:${port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    const live = () =>
      ports.filter((port) => {
        const child = processes.get(port);
        return child?.exitCode === null && child.signalCode === null;
      });
    const topology = async () => parseClusterNodes((await admin(live()[0]!).cluster('NODES')) as string);
    await waitUntil(
      async () => {
        const states = await Promise.all(ports.map((port) => clusterState(admin(port))));
        const nodes = await topology();
        const inSync = await Promise.all(
          nodes.filter((node) => node.role === 'replica').map((node) => replicaInSync(admin(node.port))),
        );
        return { states, nodes: nodes.length, inSync };
      },
      (seen) =>
        seen.states.every((state) => state === 'ok') &&
        seen.nodes === ports.length &&
        seen.inSync.length === masters * replicas &&
        seen.inSync.every(Boolean),
      { what: 'the cluster to be formed', timeoutMs: START_TIMEOUT_MS, intervalMs: 100 },
    );

    return {
      seeds: ports.map((port) => `${HOST}:${port}`).join(','),
      nodes: ports.map((port) => ({ host: HOST, port })),
      topology,
      keySlot: async (key) => (await admin(live()[0]!).cluster('KEYSLOT', key)) as number,
      masterOf: async (slot) => {
        const master = (await topology()).find(
          (node) =>
            node.role === 'master' && !node.failed && node.slots.some(([a, b]) => a <= slot && slot <= b),
        );
        if (!master) throw new Error(`No live master serves slot ${slot}.`);
        return master;
      },
      keysByMaster: async (pattern) => {
        const masters = (await topology()).filter((node) => node.role === 'master' && !node.failed);
        const counts = new Map<number, number>();
        for (const master of masters) {
          let cursor = '0';
          let count = 0;
          do {
            const [next, keys] = await admin(master.port).scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            cursor = next;
            count += keys.length;
          } while (cursor !== '0');
          counts.set(master.port, count);
        }
        return counts;
      },
      kill: async (port) => {
        const child = processes.get(port);
        if (!child) throw new Error(`No cluster node on port ${port}.`);
        const nodes = await topology();
        const id = nodes.find((node) => node.port === port)?.id;
        heirs.set(
          port,
          nodes.filter((node) => id !== undefined && node.masterId === id).map((node) => node.id),
        );
        admins.get(port)?.disconnect();
        admins.delete(port);
        await killAndWait(child, 'SIGKILL');
      },
      restart: async (port) => {
        const child = processes.get(port);
        if (!child || (child.exitCode === null && child.signalCode === null))
          throw new Error(`The cluster node on port ${port} is running.`);
        processes.set(port, spawnClusterNode(port, busPorts.get(port)!, dir));
        await waitUntil(
          async () => {
            const node = (await topology()).find((each) => each.port === port);
            return { node, inSync: await replicaInSync(admin(port)) };
          },
          ({ node, inSync }) => node?.role === 'replica' && !node.failed && inSync,
          { what: `the node on ${port} to rejoin as a replica`, timeoutMs: 30_000, intervalMs: 100 },
        );
      },
      waitForFailover: async (port) => {
        const seen = await waitUntil(
          async () => {
            const nodes = await topology();
            const dead = nodes.find((node) => node.port === port);
            const heir = nodes.find(
              (node) =>
                heirs.get(port)?.includes(node.id) &&
                node.role === 'master' &&
                !node.failed &&
                node.slots.length > 0,
            );
            const states = await Promise.all(live().map((live) => clusterState(admin(live))));
            return { dead, heir, states };
          },
          (state) =>
            state.dead?.failed === true &&
            state.dead.slots.length === 0 &&
            state.heir !== undefined &&
            state.states.every((value) => value === 'ok'),
          { what: `a replica to take over from the master on ${port}`, timeoutMs: 30_000, intervalMs: 100 },
        );
        return seen.heir!;
      },
      reshard: ({ from, to, slots }) =>
        runRedisCli([
          '--cluster',
          'reshard',
          `${HOST}:${live()[0]}`,
          '--cluster-from',
          from,
          '--cluster-to',
          to,
          '--cluster-slots',
          String(slots),
          '--cluster-yes',
        ]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function spawnClusterNode(port: number, busPort: number, dir: string): ChildProcess {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--cluster-port',
      String(busPort),
      '--bind',
      HOST,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      String(NODE_TIMEOUT_MS),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      // Replicas sync at once instead of after the default 5 s wait for more replicas.
      '--repl-diskless-sync-delay',
      '0',
      '--loglevel',
      'warning',
    ],
    { stdio: 'ignore' },
  );
  return child;
}

/** A free port not in `taken`, added to it. */
async function unusedFreePort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (taken.has(port)) continue;
    taken.add(port);
    return port;
  }
}

async function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

let cliChecked = false;

function requireRedisCli(): void {
  if (cliChecked) return;
  const probe = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'redis-cli is not installed, and the Redis Cluster tests need it to form and reshard a cluster. ' +
        'Install it (Debian/Ubuntu: `apt-get install redis-server` or `redis-tools`; macOS: `brew install redis`).',
    );
  }
  cliChecked = true;
}

/** Runs redis-cli without blocking the event loop; rejects with its output when it fails. */
function runRedisCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`redis-cli ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

/** One PING on a connection of its own that does not retry: a node that is not up yet fails at once. */
async function pingOnce(port: number): Promise<string> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

async function clusterState(admin: Redis): Promise<string | undefined> {
  try {
    const info = (await admin.cluster('INFO')) as string;
    return /cluster_state:(\w+)/.exec(info)?.[1];
  } catch {
    return undefined;
  }
}

async function replicaInSync(admin: Redis): Promise<boolean> {
  try {
    const info = await admin.info('replication');
    return /master_link_status:up/.test(info) && !/master_sync_in_progress:1/.test(info);
  } catch {
    return false;
  }
}

/** Parses `CLUSTER NODES` output. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.trim().split(' ');
      const flagList = (flags ?? '').split(',');
      return {
        id: id!,
        port: Number(/:(\d+)@/.exec(address ?? '')?.[1]),
        role: flagList.includes('master') ? 'master' : 'replica',
        failed: flagList.includes('fail') || flagList.includes('fail?'),
        masterId: master === '-' ? undefined : master,
        slots: slots
          .filter((slot) => !slot.startsWith('['))
          .map((slot) => {
            const [first, last] = slot.split('-').map(Number);
            return [first!, last ?? first!] as [number, number];
          }),
      };
    });
}

/**
 * A client of `cluster` as the services build one (`createRedisClient` with REDIS_CLUSTER_NODES:
 * fail-fast, following MOVED and ASK), once it is ready.
 */
export async function connectToCluster(cluster: TestRedisCluster, connectionName = 'test'): Promise<Cluster> {
  const client = createRedisClient({
    cluster: parseRedisClusterNodes(cluster.seeds),
    connectionName,
    log: silentLogger(),
  });
  await waitUntil(
    () => client.status,
    (status) => status === 'ready',
    { what: 'a cluster client to connect', timeoutMs: START_TIMEOUT_MS },
  );
  return client;
}
