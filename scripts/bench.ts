/**
 * `npm run bench -- [options]` (`--help` lists them): our gateway, compiled and started as
 * production starts it, against `@apollo/gateway`, Hive Gateway (both planners) and Grafbase on
 * the public graphql-gateways-benchmark workload, and against `@apollo/gateway` on the catalog.
 * Every gateway runs in its own process in front of the same subgraphs, which sit behind replay
 * proxies that count their requests; load comes from a process of its own, in alternating
 * rounds. Prints per scenario requests/s, p50/p99, CPU per request, subgraph requests per
 * request, peak RSS and ratios to ours; then our cold plan time. `--soak`, `--profile`,
 * `--instructions` (instructions per request under callgrind) and `--executor` (the executor's
 * alone, in-process) too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './bench/bench-child.js';
import { type BenchOptions, parseBenchOptions, USAGE } from './bench/bench-options.js';
import type { ColdPlanTimes } from './bench/cold-plan-process.js';
import { type CompareContext, compareOnWorkload } from './bench/compare-gateways.js';
import { countExecutor } from './bench/executor-count.js';
import { contenderPackage, peerVersion } from './bench/gateway-launch.js';
import { countInstructions } from './bench/instruction-count.js';
import { ensurePeersInstalled } from './bench/peers-install.js';
import { type CpuPlan, cpuPlan, pinProcess } from './bench/pinning.js';
import { readProductionNodeSettings } from './bench/production-node-flags.js';
import { summarizeProfile } from './bench/profile-summary.js';
import { stopAllServers } from './bench/server-process.js';
import { soakOurs } from './bench/soak-ours.js';
import { gatewaysBenchmarkScenario, workload } from './bench/workloads.js';

const ROOT = join(import.meta.dirname, '..');
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const startedAt = Date.now();
  let options: BenchOptions | 'help';
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const production = readProductionNodeSettings();
  log(header(options, production));
  const cpus = pinning(options);

  const comparing =
    options.soakMinutes === undefined &&
    options.instructionRequests === undefined &&
    options.executorRequests === undefined;
  if (comparing && options.contenders.some((contender) => contender.kind !== 'ours')) {
    ensurePeersInstalled(log);
  }
  buildOurs(ROOT);
  const baseline = options.contenders.find((contender) => contender.root !== undefined)?.root;
  if (baseline) buildOurs(baseline);
  if (comparing) log(`gateways: ${contenderLabels(options)}`);

  const scratchDir = mkdtempSync(join(tmpdir(), 'hexagraph-bench-'));
  const load = new BenchChild('load generator', 'scripts/bench/load-process.ts');
  if (cpus) pinProcess(load.pid, cpus.others);
  const context: CompareContext = {
    options,
    production,
    ...(cpus && { cpus }),
    scratchDir,
    load,
    log,
    knownSettings: new Map(),
  };
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping every gateway and child process`);
    Promise.all([stopAllServers(), load.stop()]).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const publicSupergraph = readFileSync(workload('gateways-benchmark').supergraphPath, 'utf8');
    if (options.soakMinutes !== undefined) {
      await soakOurs(options.soakMinutes, publicSupergraph, context);
    } else if (options.instructionRequests !== undefined) {
      await countInstructions(options.instructionRequests, publicSupergraph, context);
    } else if (options.executorRequests !== undefined) {
      await countExecutor(options.executorRequests, publicSupergraph, context);
    } else {
      for (const name of options.workloads) {
        const chosen = workload(name, options.scenarioNames);
        log(`\n=== workload ${name} ===`);
        await compareOnWorkload(chosen, readFileSync(chosen.supergraphPath, 'utf8'), context);
      }
      if (options.workloads.includes('gateways-benchmark') && options.planSamples > 0) {
        log(`\n${await coldPlanLine(options.planSamples, cpus)}`);
      }
    }
  } finally {
    await stopAllServers();
    await load.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }
  if (options.profileDir) {
    for (const profile of profilesSince(options.profileDir, startedAt)) {
      log(`\n${summarizeProfile(profile).join('\n')}`);
      log(
        '(the profile spans the gateway process: start-up, and idle while the other gateways were measured)',
      );
    }
  }
  log(
    `\nbench finished in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; load average now ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} (other processes on the machine share its cores)`,
  );
}

function header(options: BenchOptions, production: ReturnType<typeof readProductionNodeSettings>): string {
  const flags = production.nodeFlags.length > 0 ? production.nodeFlags.join(' ') : 'none';
  return [
    `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}, commit ${commit()}`,
    ...(options.node
      ? [
          `our gateway and the Node peers run on node ${options.node.version} (${options.node.path}), by --node`,
        ]
      : []),
    `hexagraph runs compiled: node ${production.nodeFlags.join(' ')}${production.nodeFlags.length ? ' ' : ''}` +
      `${production.script} (node flags from the Dockerfile: ${flags}; environment from the Dockerfile: ${environmentText(production.environment)})`,
    runLine(options),
  ].join('\n');
}

function runLine(options: BenchOptions): string {
  if (options.soakMinutes !== undefined)
    return `soak: ${options.soakMinutes} min at concurrency ${options.concurrency}`;
  if (options.instructionRequests !== undefined)
    return `instructions: ${options.instructionRequests} requests counted at concurrency ${options.concurrency}`;
  if (options.executorRequests !== undefined)
    return `executor: ${options.executorRequests} executions counted at concurrency ${options.concurrency}`;
  return (
    `concurrency ${options.concurrency}; per scenario and gateway ${options.rounds} round(s) of ` +
    `${options.warmupSeconds} s warm-up + ${options.seconds} s measured, order reversed every other round`
  );
}

function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function pinning(options: BenchOptions): CpuPlan | undefined {
  if (!options.pin) return undefined;
  const plan = cpuPlan(availableParallelism());
  if ('reason' in plan) {
    log(`--pin: ${plan.reason}`);
    return undefined;
  }
  pinProcess(process.pid, plan.others);
  log(
    `pinned: the gateway under test on CPU ${plan.gateway}; subgraphs, proxies, load and this process on ${plan.others}`,
  );
  return plan;
}

/** `npm run build`: the bench measures the compiled gateway, as production runs it. */
function buildOurs(root: string): void {
  log(`npm run build in ${root} (the bench runs dist/, as production does) ...`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `npm run build in ${root} failed:\n${`${result.stdout}\n${result.stderr}`.trim().slice(-3000)}`,
    );
  }
}

function contenderLabels(options: BenchOptions): string {
  return options.contenders
    .map((contender) => {
      const name = contenderPackage(contender);
      return name ? `${contender.label} (${name} ${peerVersion(name)})` : contender.label;
    })
    .join(', ');
}

async function coldPlanLine(samples: number, cpus: CpuPlan | undefined): Promise<string> {
  const child = new BenchChild('cold plan timer', 'scripts/bench/cold-plan-process.ts');
  try {
    if (cpus) pinProcess(child.pid, cpus.gateway);
    const scenario = gatewaysBenchmarkScenario();
    const times = await child.request<ColdPlanTimes>('time', {
      supergraphPath: workload('gateways-benchmark').supergraphPath,
      query: scenario.query,
      operationName: scenario.operationName,
      warmup: Math.max(20, samples),
      samples,
    });
    return (
      `cold plan of ${scenario.operationName} (hexagraph planner, a new SupergraphIndex each time, no cache): ` +
      `median ${times.medianMs.toFixed(2)} ms over ${times.samples} plans ` +
      `(min ${times.minMs.toFixed(2)}, max ${times.maxMs.toFixed(2)}); ${times.fetches} fetches`
    );
  } finally {
    await child.stop();
  }
}

function profilesSince(dir: string, since: number): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.cpuprofile') && statSync(path).mtimeMs >= since) found.push(path);
    }
  };
  walk(dir);
  return found;
}

main().catch(async (error: unknown) => {
  console.error(`bench: ${(error as Error)?.message ?? error}`);
  await stopAllServers();
  process.exitCode = 1;
});

function environmentText(environment: Readonly<Record<string, string>>): string {
  const settings = Object.entries(environment).map(([name, value]) => `${name}=${value}`);
  return settings.length > 0 ? settings.join(' ') : 'none';
}
