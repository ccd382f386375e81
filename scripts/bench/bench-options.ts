import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { baselineContenders, CONTENDERS, type Contender, selectContenders } from './contenders.js';
import { scenarios } from './scenarios.js';
import { WORKLOAD_NAMES, type WorkloadName } from './workloads.js';

/** What a benchmark run does. */
export interface BenchOptions {
  /** Measured seconds per gateway, per scenario, per round. */
  readonly seconds: number;
  /** Unmeasured seconds of load before each measured run. */
  readonly warmupSeconds: number;
  /** Requests in flight at all times. */
  readonly concurrency: number;
  /** Rounds per scenario; the gateways' order is reversed every other round. */
  readonly rounds: number;
  readonly workloads: readonly WorkloadName[];
  /** Catalog scenario names to run (all when empty). */
  readonly scenarioNames: readonly string[];
  readonly contenders: readonly Contender[];
  /** Pin the gateway under test to a core of its own, everything else to the others. */
  readonly pin: boolean;
  /** Directory for a CPU profile of our gateway (`node --cpu-prof`), when asked. */
  readonly profileDir?: string;
  /** Minutes of soak (ours only, public heavy query), instead of the comparison. */
  readonly soakMinutes?: number;
  /** Heavy requests counted under callgrind (ours only), instead of the comparison. */
  readonly instructionRequests?: number;
  /** Executions of the heavy query's plan counted in-process under callgrind, instead of the comparison. */
  readonly executorRequests?: number;
  /** Fresh plans of the public heavy query timed for the cold plan time; 0 skips it. */
  readonly planSamples: number;
  /** The Node.js our gateway and the Node peers run on, when not the one running the bench. */
  readonly node?: NodeBinary;
}

/** A Node.js executable and the version it reports. */
export interface NodeBinary {
  readonly path: string;
  readonly version: string;
}

/** `npm run bench -- --help` */
export const USAGE = `npm run bench -- [options]
  --workload NAME     ${WORKLOAD_NAMES.join(' | ')} | all (default all)
  --gateways LIST     comma-separated, from: ${CONTENDERS.map((contender) => contender.id).join(', ')}
                      (default: all; ours is always measured, as every ratio is to it)
  --env ID:NAME=VAL   an environment variable for one gateway's process; repeatable
                      (e.g. --env ours:PLAN_CACHE_SIZE=10)
  --scenario NAME     catalog scenario: ${scenarios.map((scenario) => scenario.name).join(' | ')}; repeatable (default: all)
  --seconds N         measured seconds per gateway, scenario and round (default 10)
  --warmup N          unmeasured seconds of load before each measured run (default 3)
  --concurrency N     requests in flight (default 50)
  --rounds N          rounds per scenario, the order reversed every other round (default 2)
  --baseline DIR      also measure our gateway as built in another checkout DIR (e.g. a git
                      worktree of main), beside each of ours, in the same rounds
  --pin               pin the gateway under test to its own core, all else to the others (taskset)
  --profile DIR       write a CPU profile of our gateway to DIR and summarise it
  --soak MINUTES      only our gateway, public heavy query, RSS every 10 s
  --instructions N    only our gateways (ours; with --gateways, ours-dedupe-off; --baseline too):
                      instructions per public heavy request under valgrind's callgrind, N requests
                      counted after 1500 of warm-up, by area and function; unlike time, the count
                      does not move with the machine's load (needs valgrind; takes minutes)
  --executor N        only the executor and the answer encoder (with --baseline, that checkout's too):
                      instructions per execution of the public heavy query's plan, in-process under
                      callgrind over its recorded subgraph answers, N counted after 3000 of warm-up
  --plan-samples N    fresh plans of the public heavy query for the cold plan time (default 30; 0: skip)
  --node PATH         run our gateway and the Node peers on this Node.js executable (default: the one
                      running the bench), e.g. to measure another release; all of them, so ratios compare`;

/** Parses the command line; throws an Error naming the bad option. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      workload: { type: 'string', default: 'all' },
      gateways: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      scenario: { type: 'string', multiple: true },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '2' },
      pin: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      profile: { type: 'string' },
      soak: { type: 'string' },
      instructions: { type: 'string' },
      executor: { type: 'string' },
      'plan-samples': { type: 'string', default: '30' },
      node: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const workload = values.workload;
  if (workload !== 'all' && !WORKLOAD_NAMES.includes(workload as WorkloadName)) {
    throw new Error(
      `--workload: unknown ${JSON.stringify(workload)}; known: ${WORKLOAD_NAMES.join(', ')}, all`,
    );
  }
  const scenarioNames = list(values.scenario);
  const unknown = scenarioNames.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `--scenario: unknown ${unknown.join(', ')}; known: ${scenarios.map((scenario) => scenario.name).join(', ')}`,
    );
  }
  const replacing = ['soak', 'instructions', 'executor'].filter(
    (name) => values[name as 'soak' | 'instructions' | 'executor'] !== undefined,
  );
  if (replacing.length > 1) {
    throw new Error(
      `${replacing.map((name) => `--${name}`).join(' and ')} each replace the comparison: give one of them`,
    );
  }
  const chosen = list(values.gateways);
  // Instructions are counted for our gateway alone unless others of ours are asked for.
  const contenders = selectContenders(
    chosen.length === 0 && values.instructions !== undefined ? ['ours'] : chosen,
    values.env ?? [],
  );
  if (values.baseline !== undefined)
    contenders.push(...baselineContenders(contenders, baselineRoot(values.baseline)));
  return {
    seconds: number('--seconds', values.seconds, 0.5, 3600),
    warmupSeconds: number('--warmup', values.warmup, 0, 600),
    concurrency: Math.round(number('--concurrency', values.concurrency, 1, 1024)),
    rounds: Math.round(number('--rounds', values.rounds, 1, 50)),
    workloads: workload === 'all' ? WORKLOAD_NAMES : [workload as WorkloadName],
    scenarioNames,
    contenders,
    pin: values.pin,
    ...(values.profile && { profileDir: values.profile }),
    ...(values.soak !== undefined && { soakMinutes: number('--soak', values.soak, 0.1, 24 * 60) }),
    ...(values.instructions !== undefined && {
      instructionRequests: Math.round(number('--instructions', values.instructions, 50, 100_000)),
    }),
    ...(values.executor !== undefined && {
      executorRequests: Math.round(number('--executor', values.executor, 50, 100_000)),
    }),
    planSamples: Math.round(number('--plan-samples', values['plan-samples'], 0, 10_000)),
    ...(values.node !== undefined && { node: nodeBinary(values.node) }),
  };
}

/** The executable `--node` names, with its version; throws when it is not a Node.js that runs. */
function nodeBinary(path: string): NodeBinary {
  const absolute = resolve(path);
  let version: string;
  try {
    version = execFileSync(absolute, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch (error) {
    throw new Error(`--node: ${absolute} does not run (${(error as Error).message.split('\n')[0]})`);
  }
  if (!/^v\d+\.\d+\.\d+/.test(version)) {
    throw new Error(
      `--node: ${absolute} answered --version with ${JSON.stringify(version)}, not a Node.js version`,
    );
  }
  return { path: absolute, version };
}

/** The checkout `--baseline` names, as an absolute path; throws when it is not one. */
function baselineRoot(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(join(root, 'package.json')) || !existsSync(join(root, 'gateway/src/main.ts'))) {
    throw new Error(
      `--baseline: ${root} is not a checkout of this project (no package.json and gateway/src/main.ts)`,
    );
  }
  if (!existsSync(join(root, 'node_modules'))) {
    throw new Error(`--baseline: ${root} has no node_modules; run npm ci there first`);
  }
  return root;
}

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).filter((value) => value !== '');
}

function number(option: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${option}: expected a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
