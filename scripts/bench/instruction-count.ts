import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchChild } from './bench-child.js';
import {
  type InstructionProfile,
  instructionProfile,
  instructionReportLines,
  parseCallgrind,
  perfMapSymbolizer,
} from './callgrind-report.js';
import { type CompareContext, oursAloneStart, startSubgraphs } from './compare-gateways.js';
import { type Contender, OUR_WORKERS_SETTING } from './contenders.js';
import { CALLGRIND_CONTROL_ENV } from './gateway-launch.js';
import type { CountResult } from './load-generator.js';
import { refusedCost } from './our-gateway-probes.js';
import { requestBody } from './scenarios.js';
import { type StartContext, startContender } from './start-contender.js';
import { workload } from './workloads.js';

/** Requests before counting starts: enough for V8 to have optimised the request path. */
export const INSTRUCTION_WARMUP_REQUESTS = 1500;
/** Under callgrind a request runs some fifty times slower: the waits are long accordingly. */
const READY_TIMEOUT_MS = 300_000;
const REQUEST_TIMEOUT_MS = 60 * 60_000;
/** Functions listed by name in a count's report. */
export const TOP_FUNCTIONS = 25;
/** The request and subgraph deadlines under callgrind, in milliseconds. */
const SLOW = String(10 * 60_000);

/**
 * Counts the instructions our gateway executes per public heavy request, under valgrind's
 * callgrind, for each of our contenders selected (ours, sharing off, a `--baseline` checkout):
 * a figure that, unlike time, does not move with what else the machine runs, so a change of a few
 * percent shows. Each gateway serves `INSTRUCTION_WARMUP_REQUESTS` uncounted, then `requests`
 * counted; the report breaks the count down by area and function.
 */
export async function countInstructions(
  requests: number,
  supergraphSdl: string,
  context: CompareContext,
): Promise<void> {
  const { options, log } = context;
  assertCallgrindInstalled();
  const publicWorkload = workload('gateways-benchmark');
  const scenario = publicWorkload.scenarios[0];
  if (!scenario) throw new Error('the gateways-benchmark workload has no scenario');
  const ours = options.contenders.filter((contender) => contender.kind === 'ours');
  const several = ours.find((contender) => contender.env[OUR_WORKERS_SETTING] !== undefined);
  if (several) {
    throw new Error(`--instructions counts one gateway process; ${several.id} runs several`);
  }
  const peers = options.contenders.filter((contender) => contender.kind !== 'ours');
  if (peers.length > 0)
    log(`--instructions counts our gateways only: ${peers.map((peer) => peer.id).join(', ')} left out`);
  const { child: subgraphs, urls } = await startSubgraphs(publicWorkload, context);
  try {
    const start = oursAloneStart('instructions.supergraph.graphql', supergraphSdl, urls, context);
    const body = requestBody(scenario);
    const refused = await refusedCost(ours[0] as Contender, [body], start);
    const costEnv: Record<string, string> = refused ? { MAX_COST: String(refused.measured) } : {};
    // A request under callgrind takes some fifty times as long: no deadline may cut one short.
    const slowEnv = { REQUEST_TIMEOUT_MS: SLOW, REQUEST_TIMEOUT_MAX_MS: SLOW, UPSTREAM_TIMEOUT_MS: SLOW };
    log(
      `instructions per ${scenario.name} request under callgrind: ${INSTRUCTION_WARMUP_REQUESTS} requests ` +
        `to warm up, then ${requests} counted, ${options.concurrency} at a time; shipped defaults except ` +
        `RATE_LIMIT_ENABLED=false${refused ? `, MAX_COST=${refused.measured}` : ''} and deadlines of ` +
        `${Number(SLOW) / 60_000} min. Counts cover every ` +
        'thread of the gateway (V8 compiles and collects on helper threads), not the kernel.',
    );
    const counted = new Map<string, InstructionProfile>();
    for (const contender of ours) {
      log(`\n${contender.label}:`);
      const env = { ...costEnv, ...slowEnv, ...contender.env };
      counted.set(
        contender.id,
        await countOne({ ...contender, env }, body, requests, start, { ...context, subgraphs }),
      );
    }
    log('');
    for (const contender of ours) {
      // A baseline checkout against the same settings of this one; others against ours.
      const against = ours.find(
        (other) => other.id === (contender.root ? contender.id.replace(/^baseline-/, '') : 'ours'),
      );
      const own = counted.get(contender.id);
      const theirs = against && counted.get(against.id);
      if (against === contender || !own || !theirs) continue;
      log(
        `${contender.label}: ${(own.perRequest / theirs.perRequest).toFixed(3)}x the instructions per ` +
          `request of ${against.label}, ${(own.steadyPerRequest / theirs.steadyPerRequest).toFixed(3)}x ` +
          'besides the compiler and garbage collection',
      );
    }
  } finally {
    await subgraphs.stop();
  }
}

/** The bench's context and the subgraphs' process, whose replay proxies count subgraph requests. */
type CountContext = CompareContext & { readonly subgraphs: BenchChild };

async function countOne(
  contender: Contender,
  body: string,
  requests: number,
  start: StartContext,
  context: CountContext,
): Promise<InstructionProfile> {
  const outDir = mkdtempSync(join(context.scratchDir, 'callgrind-'));
  const running = await startContender(contender, {
    ...start,
    callgrindOutFile: join(outDir, 'callgrind.out'),
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  const pid = running.process.pid;
  try {
    let subgraphRequests: number;
    try {
      subgraphRequests = await countRequests(running.url, pid, contender.label, body, requests, context);
    } finally {
      await running.stop();
    }
    const profile = countedProfile(outDir, pid, requests);
    context.log(
      // How many requests shared a subgraph call moves the count: say how many calls there were.
      `  ${(subgraphRequests / requests).toFixed(2)} subgraph requests per request while counted\n` +
        instructionReportLines(profile, TOP_FUNCTIONS).join('\n'),
    );
    return profile;
  } finally {
    removeCountFiles(outDir, pid);
  }
}

/**
 * Warms the gateway up, then has callgrind count exactly `requests` heavy requests and dump;
 * resolves to the subgraph requests made meanwhile.
 */
async function countRequests(
  url: string,
  pid: number,
  label: string,
  body: string,
  requests: number,
  context: CountContext,
): Promise<number> {
  await context.load.request('target', { url, connections: context.options.concurrency });
  try {
    const reference = await context.load.request<{ status: number; text: string }>(
      'send',
      body,
      REQUEST_TIMEOUT_MS,
    );
    if (reference.status !== 200 || reference.text.includes('"errors"')) {
      throw new Error(
        `${label} answered the heavy query with HTTP ${reference.status}: ${reference.text.slice(0, 300)}`,
      );
    }
    const run = (count: number) =>
      context.load.request<CountResult>(
        'count',
        {
          body,
          requests: count,
          concurrency: context.options.concurrency,
          expectedBytes: Buffer.byteLength(reference.text),
          expectedStatus: 200,
        },
        REQUEST_TIMEOUT_MS,
      );
    await run(INSTRUCTION_WARMUP_REQUESTS);
    const before = await proxiedRequests(context.subgraphs);
    callgrindControl(['-i', 'on', String(pid)]);
    const counted = await run(requests);
    callgrindControl(['-i', 'off', String(pid)]);
    callgrindControl(['-d', String(pid)]);
    const made = (await proxiedRequests(context.subgraphs)) - before;
    if (counted.unexpected > 0) {
      throw new Error(
        `${label} answered ${counted.unexpected} of ${requests} counted requests unexpectedly: ` +
          counted.unexpectedSamples.join('; '),
      );
    }
    return made;
  } finally {
    await context.load.request('release');
  }
}

/** Every request the subgraphs' replay proxies have answered so far. */
async function proxiedRequests(subgraphs: BenchChild): Promise<number> {
  const stats = await subgraphs.request<Record<string, { replayed: number; forwarded: number }>>('stats');
  return Object.values(stats).reduce((sum, counts) => sum + counts.replayed + counts.forwarded, 0);
}

/**
 * What callgrind counted in process `pid` (its files in `outDir`), JIT code named from the perf map
 * V8 wrote (`--perf-basic-prof`), per request of `requests`.
 */
export function countedProfile(
  outDir: string,
  pid: number | undefined,
  requests: number,
): InstructionProfile {
  return instructionProfile(
    parseCallgrind(readOutputs(outDir)),
    perfMapSymbolizer(readFileSync(perfMapPath(pid), 'utf8')),
    requests,
  );
}

/** Removes a count's files: callgrind's folder and the perf map. */
export function removeCountFiles(outDir: string, pid: number | undefined): void {
  rmSync(perfMapPath(pid), { force: true });
  rmSync(outDir, { recursive: true, force: true });
}

function perfMapPath(pid: number | undefined): string {
  return `/tmp/perf-${pid}.map`;
}

/** Every file callgrind wrote (the dump and the empty one at exit), as one text. */
function readOutputs(outDir: string): string {
  return readdirSync(outDir)
    .filter((name) => name.startsWith('callgrind.out'))
    .map((name) => readFileSync(join(outDir, name), 'utf8'))
    .join('\n');
}

export function callgrindControl(args: readonly string[]): void {
  const result = spawnSync('callgrind_control', args, {
    env: { ...process.env, ...CALLGRIND_CONTROL_ENV },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0 || /error|failed/i.test(`${result.stdout}${result.stderr}`)) {
    throw new Error(
      `callgrind_control ${args.join(' ')} failed: ${`${result.stdout}\n${result.stderr}`.trim() || result.error?.message}`,
    );
  }
}

export function assertCallgrindInstalled(option = '--instructions'): void {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['-h'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `${option} needs valgrind (valgrind and callgrind_control on the PATH): apt-get install valgrind`,
    );
  }
}
