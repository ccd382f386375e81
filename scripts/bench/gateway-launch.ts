import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Contender } from './contenders.js';
import { type ProductionNodeSettings, readProductionNodeSettings } from './production-node-flags.js';
import type { LaunchSpec } from './server-process.js';

const ROOT = join(import.meta.dirname, '../..');
/** Where the peers are installed (`bench/peers/package.json`). */
export const PEERS_DIR = join(ROOT, 'bench/peers');
const HIVE_CONFIGS = {
  default: join(PEERS_DIR, 'hive/gateway.config.mjs'),
  rust: join(PEERS_DIR, 'hive/gateway-rust-planner.config.mjs'),
};
const GRAFBASE_PACKAGE = '@grafbase/cli-x86_64-unknown-linux-musl';
/** The node floor, built with the rest (the bench builds before it measures), and the query it serves. */
const NODE_FLOOR_SCRIPT = join(ROOT, 'dist/scripts/bench/gateways-benchmark/node-floor.js');
const HEAVY_QUERY_PATH = join(ROOT, 'bench/workloads/gateways-benchmark/heavy-query.graphql');

/** A subgraph as Grafbase composes it: where to send requests and the SDL file. */
export interface SubgraphFile {
  readonly name: string;
  readonly url: string;
  readonly schemaPath: string;
}

/** What a launch needs besides the contender. */
export interface LaunchContext {
  readonly port: number;
  /** The supergraph with its subgraph URLs pointing at the replay proxies. */
  readonly supergraphPath: string;
  readonly subgraphs: readonly SubgraphFile[];
  /** A scratch folder of this contender's own (Grafbase's config and home). */
  readonly workDir: string;
  readonly production: ProductionNodeSettings;
  /** Proxy settings that fence peers in to loopback. */
  readonly fenceEnv: Readonly<Record<string, string>>;
  /** `--cpu-prof` into this folder (our gateway only). */
  readonly profileDir?: string;
  /** Run under callgrind, counting nothing until told, its output to this file (our gateway only). */
  readonly callgrindOutFile?: string;
  /** Our gateway's admin port, where the bench reads its `/metrics` (any free one when absent). */
  readonly adminPort?: number;
  /** The Node.js executable of ours and the Node peers (the bench's own when absent). */
  readonly nodePath?: string;
}

/**
 * valgrind names the pipes `callgrind_control` talks through by the process's LOGNAME and HOST
 * (our gateway's listen address): the gateway and `callgrind_control` run with the same.
 */
export const CALLGRIND_CONTROL_ENV = { LOGNAME: 'hexagraph-bench', HOST: '127.0.0.1' } as const;

/** callgrind counting instructions only once told to (`callgrind_control -i on`), into `outFile`. */
export function callgrindArgs(outFile: string): string[] {
  return ['--tool=callgrind', '--instr-atstart=no', '--vgdb=yes', `--callgrind-out-file=${outFile}`];
}

/**
 * Node.js flags for a process counted under callgrind: the perf map that names its JIT code
 * (`/tmp/perf-PID.map`), and the V8 log that `--perf-basic-prof` opens beside `outFile`, where it
 * would otherwise land in the working directory (the checkout) as `isolate-*-v8.log`.
 */
export function perfMapFlags(outFile: string): string[] {
  return ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${join(dirname(outFile), 'v8.log')}`];
}

/** Variables every process gets: nothing else leaks in from the shell (a REDIS_URL, say). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** How to start a contender: ours compiled as production runs it, the peers as their CLIs do. */
export function launchSpec(contender: Contender, context: LaunchContext): LaunchSpec {
  const { port } = context;
  switch (contender.kind) {
    case 'ours': {
      // A baseline checkout runs as its own Dockerfile starts it, so a change of flags is measured too.
      const production = contender.root ? readProductionNodeSettings(contender.root) : context.production;
      const { nodeFlags, environment, script } = production;
      const profile = context.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${context.profileDir}`] : [];
      const node = context.nodePath ?? process.execPath;
      const args = [...nodeFlags, ...profile, script];
      const callgrind = context.callgrindOutFile;
      return {
        ...(callgrind
          ? {
              command: 'valgrind',
              args: [...callgrindArgs(callgrind), node, ...perfMapFlags(callgrind), ...args],
            }
          : { command: node, args }),
        env: {
          ...baseEnv(),
          ...(callgrind && CALLGRIND_CONTROL_ENV),
          ...environment,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          SUPERGRAPH_PATH: context.supergraphPath,
          // The load comes from one client: a per-client rate limit would measure itself.
          RATE_LIMIT_ENABLED: 'false',
          // Two of ours may run at once (dedupe on and off): each has an admin port of its own.
          ADMIN_PORT: String(context.adminPort ?? 0),
          ...contender.env,
        },
        cwd: contender.root ?? ROOT,
      };
    }
    case 'apollo':
      return {
        command: context.nodePath ?? process.execPath,
        args: [join(PEERS_DIR, 'apollo-gateway.mjs')],
        env: {
          ...baseEnv(),
          ...context.fenceEnv,
          NODE_ENV: 'production',
          // Else it reports usage to Apollo, first probing for cloud metadata servers at start-up.
          APOLLO_TELEMETRY_DISABLED: 'true',
          PORT: String(port),
          HOST: '127.0.0.1',
          SUPERGRAPH_PATH: context.supergraphPath,
          ...contender.env,
        },
        cwd: PEERS_DIR,
      };
    case 'hive':
      return {
        command: context.nodePath ?? process.execPath,
        args: [
          join(PEERS_DIR, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
          'supergraph',
          context.supergraphPath,
          '--config-path',
          HIVE_CONFIGS[contender.hivePlanner ?? 'default'],
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
        ],
        env: { ...baseEnv(), ...context.fenceEnv, NODE_ENV: 'production', ...contender.env },
        cwd: PEERS_DIR,
      };
    case 'grafbase':
      return {
        command: grafbaseBinary(),
        args: [
          '--home',
          join(context.workDir, 'home'),
          'dev',
          '--config',
          join(context.workDir, 'grafbase.toml'),
          '--listen-address',
          `127.0.0.1:${port}`,
        ],
        env: { ...baseEnv(), ...context.fenceEnv, ...contender.env },
        cwd: context.workDir,
      };
    case 'floor':
      return {
        command: context.nodePath ?? process.execPath,
        args: [NODE_FLOOR_SCRIPT],
        env: {
          ...baseEnv(),
          ...context.fenceEnv,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          SUPERGRAPH_PATH: context.supergraphPath,
          QUERY_PATH: HEAVY_QUERY_PATH,
          ...contender.env,
        },
        cwd: ROOT,
      };
    default: {
      const unknown: never = contender.kind;
      throw new Error(`unknown gateway kind ${unknown}`);
    }
  }
}

/**
 * The Grafbase CLI binary inside its npm package (the package declares no `bin`: the static
 * binary sits at its root).
 */
export function grafbaseBinary(): string {
  return join(PEERS_DIR, 'node_modules', GRAFBASE_PACKAGE, 'grafbase');
}

/** Throws, saying what to install, when a contender's program is not where it is run from. */
export function assertInstalled(contender: Contender): void {
  const program =
    contender.kind === 'grafbase'
      ? grafbaseBinary()
      : contender.kind === 'hive'
        ? join(PEERS_DIR, 'node_modules/@graphql-hive/gateway/dist/bin.js')
        : undefined;
  if (program !== undefined && !existsSync(program)) {
    throw new Error(
      `${contender.label}: nothing at ${program}; are the peers installed (npm ci --prefix bench/peers)?`,
    );
  }
}

/**
 * `grafbase.toml` for `grafbase dev`: each subgraph from its SDL file (no introspection, no
 * registry) at its loopback URL, and in-flight deduplication of subgraph requests on or off.
 */
export function grafbaseConfig(subgraphs: readonly SubgraphFile[], inflightDeduplication: boolean): string {
  const sections = subgraphs.map(
    (subgraph) =>
      `[subgraphs.${subgraph.name}]\nurl = ${JSON.stringify(subgraph.url)}\nschema_path = ${JSON.stringify(subgraph.schemaPath)}\n`,
  );
  return [...sections, `[traffic_shaping]\ninflight_deduplication = ${inflightDeduplication}\n`].join('\n');
}

/** A peer package's installed version, for the report. */
export function peerVersion(packageName: string): string {
  try {
    const manifest = JSON.parse(
      readFileSync(join(PEERS_DIR, 'node_modules', packageName, 'package.json'), 'utf8'),
    );
    return String(manifest.version);
  } catch {
    return '?';
  }
}

/** The package whose version a contender's label shows. */
export function contenderPackage(contender: Contender): string | undefined {
  switch (contender.kind) {
    case 'apollo':
      return '@apollo/gateway';
    case 'hive':
      return '@graphql-hive/gateway';
    case 'grafbase':
      return GRAFBASE_PACKAGE;
    default:
      return undefined;
  }
}
