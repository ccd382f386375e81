import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { BenchChild } from './bench-child.js';
import type { BenchOptions } from './bench-options.js';
import { combineRuns, type MeasuredRun, scenarioReport } from './bench-report.js';
import type { Contender } from './contenders.js';
import type { SubgraphFile } from './gateway-launch.js';
import { WORKLOAD_DIR } from './gateways-benchmark/subgraphs.js';
import { diffJson } from './json-diff.js';
import { measureRun } from './measure.js';
import { gatewayKnowsSetting, refusedCost } from './our-gateway-probes.js';
import { type CpuPlan, pinProcess } from './pinning.js';
import { nonLoopbackPeers } from './proc-stats.js';
import type { ProductionNodeSettings } from './production-node-flags.js';
import { requestBody, type Scenario } from './scenarios.js';
import { type RunningContender, type StartContext, startContender } from './start-contender.js';
import type { Workload } from './workloads.js';

const ROOT = join(import.meta.dirname, '../..');

/** What every workload's comparison shares. */
export interface CompareContext {
  readonly options: BenchOptions;
  readonly production: ProductionNodeSettings;
  readonly cpus?: CpuPlan;
  readonly scratchDir: string;
  readonly load: BenchChild;
  readonly log: (line: string) => void;
  /** Our gateway's answers to `gatewayKnowsSetting`, by variable, kept across workloads. */
  readonly knownSettings: Map<string, boolean>;
}

/** A workload's subgraphs process, started and pinned, with the proxies' URLs. */
export async function startSubgraphs(
  workload: Workload,
  context: Pick<CompareContext, 'cpus'>,
): Promise<{ child: BenchChild; urls: Record<string, string> }> {
  const child = new BenchChild(`${workload.name} subgraphs`, 'scripts/bench/subgraphs-process.ts');
  if (context.cpus) pinProcess(child.pid, context.cpus.others);
  try {
    return { child, urls: await child.request<Record<string, string>>('start', workload.name) };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The supergraph with each `@join__graph(name:, url:)` pointing at the given URL. */
export function withSubgraphUrls(sdl: string, urls: Readonly<Record<string, string>>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => {
    const url = urls[name];
    if (!url) throw new Error(`The benchmark runs no subgraph named "${name}".`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}

/**
 * How to start our gateway alone before subgraphs at `urls` (a soak, an instruction count): the
 * supergraph pointed at them, written to `fileName` in the scratch folder.
 */
export function oursAloneStart(
  fileName: string,
  supergraphSdl: string,
  urls: Readonly<Record<string, string>>,
  context: Pick<CompareContext, 'options' | 'production' | 'scratchDir' | 'cpus'>,
): StartContext {
  const supergraphPath = join(context.scratchDir, fileName);
  writeFileSync(supergraphPath, withSubgraphUrls(supergraphSdl, urls));
  return {
    supergraphPath,
    subgraphs: [],
    production: context.production,
    scratchDir: context.scratchDir,
    ...(context.options.node && { nodePath: context.options.node.path }),
    ...(context.cpus && { cpus: context.cpus.gateway }),
  };
}

/**
 * Measures every contender of a workload on each of its scenarios and prints a report per
 * scenario. A peer that fails to start is reported and left out; ours failing ends the workload.
 */
export async function compareOnWorkload(
  workload: Workload,
  supergraphSdl: string,
  context: CompareContext,
): Promise<void> {
  const { options, log } = context;
  const { child: subgraphs, urls } = await startSubgraphs(workload, context);
  const running: RunningContender[] = [];
  try {
    const supergraphPath = join(context.scratchDir, `${workload.name}.supergraph.graphql`);
    writeFileSync(supergraphPath, withSubgraphUrls(supergraphSdl, urls));
    const profileDir = options.profileDir ? join(options.profileDir, workload.name) : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const start: StartContext = {
      supergraphPath,
      subgraphs: subgraphFiles(workload, urls),
      production: context.production,
      scratchDir: context.scratchDir,
      ...(options.node && { nodePath: options.node.path }),
      ...(context.cpus && { cpus: context.cpus.gateway }),
    };
    const contenders = await prepareContenders(workload, start, context);
    const foreignPeers = new Set<string>();
    for (const contender of contenders) {
      try {
        const withProfile = contender.id === 'ours' && profileDir ? { ...start, profileDir } : start;
        const started = await startContender(contender, withProfile);
        running.push(started);
        // What a gateway reaches for while starting (a metadata probe, an update check) shows now.
        for (const peer of nonLoopbackPeers(started.process.pid))
          foreignPeers.add(`${contender.label}: ${peer}`);
      } catch (error) {
        if (contender.kind === 'ours') throw error;
        log(`\n${contender.label} could not run and is left out: ${(error as Error).message}`);
      }
    }
    for (const scenario of workload.scenarios) {
      await compareOnScenario(scenario, running, subgraphs, context, foreignPeers);
    }
    reportNetwork(running, foreignPeers, log);
  } finally {
    await Promise.all(running.map((contender) => contender.stop()));
    await subgraphs.stop();
  }
}

/**
 * The workload's contenders, with what probing our gateway decides: a toggle of a setting it does
 * not know yet is dropped, and a cost ceiling the heavy query exceeds is raised to its cost.
 */
async function prepareContenders(
  workload: Workload,
  start: StartContext,
  context: CompareContext,
): Promise<Contender[]> {
  const { log } = context;
  const ours = context.options.contenders.find((contender) => contender.id === 'ours') as Contender;
  const chosen: Contender[] = [];
  for (const contender of context.options.contenders) {
    if (!contender.workloads.includes(workload.name)) continue;
    if (contender.toggles) {
      let known = context.knownSettings.get(contender.toggles);
      if (known === undefined) {
        known = await gatewayKnowsSetting(ours, contender.toggles, start);
        context.knownSettings.set(contender.toggles, known);
      }
      if (!known) {
        log(`${contender.label}: left out, our gateway has no ${contender.toggles} setting (yet)`);
        continue;
      }
    }
    chosen.push(contender);
  }
  const refused = await refusedCost(ours, workload.scenarios.map(requestBody), start);
  if (!refused) {
    log(`hexagraph on ${workload.name}: shipped defaults except RATE_LIMIT_ENABLED=false (one client)`);
    return chosen;
  }
  const maxCost = ours.env.MAX_COST ?? String(refused.measured);
  log(
    `hexagraph on ${workload.name}: shipped defaults except RATE_LIMIT_ENABLED=false (one client) and ` +
      `MAX_COST=${maxCost} (the shipped ${refused.limit} refuses the heavy query, which costs ` +
      `${refused.measured}, as OPERATION_TOO_COSTLY)`,
  );
  return chosen.map((contender) =>
    contender.kind === 'ours' && contender.env.MAX_COST === undefined
      ? { ...contender, env: { MAX_COST: String(refused.measured), ...contender.env } }
      : contender,
  );
}

function subgraphFiles(workload: Workload, urls: Readonly<Record<string, string>>): SubgraphFile[] {
  const folder = workload.name === 'catalog' ? join(ROOT, 'schema') : WORKLOAD_DIR;
  return Object.entries(urls).map(([name, url]) => ({
    name,
    url,
    schemaPath: join(folder, `${name}.graphql`),
  }));
}

async function compareOnScenario(
  scenario: Scenario,
  running: readonly RunningContender[],
  subgraphs: BenchChild,
  context: CompareContext,
  foreignPeers: Set<string>,
): Promise<void> {
  const { options } = context;
  const body = requestBody(scenario);
  const expected = await referenceAnswers(scenario, body, running);
  const runs = new Map<RunningContender, MeasuredRun[]>(running.map((contender) => [contender, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? running : [...running].reverse();
    for (const contender of order) {
      await context.load.request('target', { url: contender.url, connections: options.concurrency });
      const { run, foreignPeers: seen } = await measureRun(
        {
          gatewayPid: contender.process.pid,
          ...(contender.metricsUrl && { gatewayMetricsUrl: contender.metricsUrl }),
          subgraphs,
          load: context.load,
        },
        {
          body,
          concurrency: options.concurrency,
          warmupMs: options.warmupSeconds * 1000,
          durationMs: options.seconds * 1000,
          expectedBytes: expected.get(contender) ?? 0,
          expectedStatus: 200,
        },
      );
      await context.load.request('release');
      runs.get(contender)?.push(run);
      for (const peer of seen) foreignPeers.add(`${contender.contender.label}: ${peer}`);
    }
  }
  const report = scenarioReport(
    scenario.name,
    scenario.description,
    running.map((contender) =>
      combineRuns(
        contender.contender.label,
        runs.get(contender) ?? [],
        running.find((other) => other.contender.id === contender.contender.counterpart)?.contender.label,
      ),
    ),
  );
  context.log(['', ...report].join('\n'));
}

/**
 * Asks every gateway once and checks that each answers HTTP 200 without errors and with the same
 * `data` as the first (ours); returns each one's answer size in bytes, which every later answer
 * must keep. Throws with the differences on a mismatch.
 */
async function referenceAnswers(
  scenario: Scenario,
  body: string,
  running: readonly RunningContender[],
): Promise<Map<RunningContender, number>> {
  const sizes = new Map<RunningContender, number>();
  let reference: { label: string; data: unknown } | undefined;
  for (const contender of running) {
    const { label } = contender.contender;
    const response = await request(contender.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    const text = await response.body.text();
    let answer: { data?: unknown; errors?: unknown };
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error(
        `${label} answered ${scenario.name} with HTTP ${response.statusCode} and no JSON: ${text.slice(0, 300)}`,
      );
    }
    if (response.statusCode !== 200 || answer.errors !== undefined) {
      throw new Error(
        `${label} answered ${scenario.name} with HTTP ${response.statusCode}: ${text.slice(0, 500)}`,
      );
    }
    sizes.set(contender, Buffer.byteLength(text));
    if (!reference) {
      reference = { label, data: answer.data };
      continue;
    }
    const differences = diffJson(reference.data, answer.data);
    if (differences.length > 0) {
      throw new Error(
        `${label} and ${reference.label} answer ${scenario.name} with different data ` +
          `(expected: ${reference.label}'s):\n${differences.map((line) => `  ${line}`).join('\n')}`,
      );
    }
  }
  return sizes;
}

function reportNetwork(
  running: readonly RunningContender[],
  foreignPeers: ReadonlySet<string>,
  log: (line: string) => void,
): void {
  const lines = running.flatMap((contender) =>
    contender.fence.attempts().map((attempt) => `${contender.contender.label} tried ${attempt} (refused)`),
  );
  lines.push(...[...foreignPeers].map((peer) => `non-loopback socket: ${peer}`));
  log(
    lines.length === 0
      ? '\nnetwork: no gateway tried to reach beyond loopback (proxy fence and socket checks)'
      : `\nnetwork beyond loopback:\n${lines.map((line) => `  ${line}`).join('\n')}`,
  );
}
