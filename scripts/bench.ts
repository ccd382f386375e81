/**
 * `npm run bench -- [--seconds 5] [--concurrency 32] [--scenario heavy] [--profile DIR]`: our
 * gateway against `@apollo/gateway`, side by side. The subgraphs run in one child process behind
 * replay proxies (each distinct subgraph request is answered for real once, then from memory),
 * each gateway in its own child process with the same node settings, and this process drives
 * closed-loop load at one gateway at a time, alternating A/B then B/A. Prints, per scenario,
 * requests/s, p50/p99 latency, CPU time per request and peak RSS of each gateway, and the
 * throughput ratio. `--help` lists every option.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { BenchChild } from './bench/bench-child.js';
import { type BenchOptions, parseBenchOptions, USAGE } from './bench/bench-options.js';
import { combineRuns, type MeasuredRun, scenarioReport } from './bench/bench-report.js';
import type { ProcessUsage } from './bench/child-messages.js';
import type { GatewayKind, GatewayStart } from './bench/gateway-process.js';
import { LoadGenerator, type LoadRun } from './bench/load-generator.js';
import { summarizeProfile } from './bench/profile-summary.js';
import type { Scenario } from './bench/scenarios.js';

const root = join(import.meta.dirname, '..');

interface Contender {
  readonly kind: GatewayKind;
  readonly child: BenchChild;
  readonly load: LoadGenerator;
}

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
  const loadSeconds =
    options.scenarios.length * options.rounds * 2 * (options.seconds + options.warmupSeconds);
  console.log(
    `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n` +
      `concurrency ${options.concurrency}; per scenario ${options.rounds} round(s) of ` +
      `${options.warmupSeconds} s warm-up + ${options.seconds} s measured per gateway: ${loadSeconds} s of load`,
  );

  const subgraphs = new BenchChild('subgraphs', 'scripts/bench/subgraphs-process.ts');
  const children: BenchChild[] = [subgraphs];
  const contenders: Contender[] = [];
  try {
    const urls = await subgraphs.request<Record<string, string>>('start');
    const supergraphSdl = withSubgraphUrls(
      readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8'),
      urls,
    );
    const profileFlags = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    for (const kind of ['ours', 'apollo'] as const) {
      const child = new BenchChild(
        kind === 'ours' ? 'hexagraph' : '@apollo/gateway',
        'scripts/bench/gateway-process.ts',
        kind === 'ours' ? profileFlags : [],
      );
      children.push(child);
      const url = await child.request<string>('start', { kind, supergraphSdl } satisfies GatewayStart);
      contenders.push({ kind, child, load: new LoadGenerator(url, options.concurrency) });
    }
    const [ours, apollo] = contenders as [Contender, Contender];

    for (const scenario of options.scenarios) {
      const body = JSON.stringify({ query: scenario.query, variables: scenario.variables });
      const expected = await referenceAnswers(scenario, body, ours, apollo);
      const runs = new Map<GatewayKind, MeasuredRun[]>([
        ['ours', []],
        ['apollo', []],
      ]);
      for (let round = 0; round < options.rounds; round += 1) {
        const order = round % 2 === 0 ? [ours, apollo] : [apollo, ours];
        for (const contender of order) {
          runs.get(contender.kind)?.push(
            await measure(contender, {
              body,
              concurrency: options.concurrency,
              warmupMs: options.warmupSeconds * 1000,
              durationMs: options.seconds * 1000,
              expectedBytes: expected.get(contender.kind) ?? 0,
            }),
          );
        }
      }
      const report = scenarioReport(
        scenario.name,
        scenario.description,
        combineRuns(runs.get('ours') ?? []),
        combineRuns(runs.get('apollo') ?? []),
      );
      console.log(['', ...report].join('\n'));
    }
    const replay = await subgraphs.request<Record<string, { replayed: number; forwarded: number }>>('stats');
    console.log(
      `\nsubgraph calls replayed/forwarded: ${Object.entries(replay)
        .map(([name, stats]) => `${name} ${stats.replayed}/${stats.forwarded}`)
        .join(', ')}`,
    );
  } finally {
    await Promise.all(contenders.map((contender) => contender.load.close()));
    await Promise.all(children.map((child) => child.stop()));
  }
  if (options.profileDir) {
    const profile = mainThreadProfile(options.profileDir, startedAt);
    if (profile) console.log(`\n${summarizeProfile(profile).join('\n')}`);
  }
}

/** Runs load at one gateway, sampling its RSS (peak) and CPU time over the measured window. */
async function measure(contender: Contender, run: Omit<LoadRun, 'onSample'>): Promise<MeasuredRun> {
  const samples: Promise<ProcessUsage | undefined>[] = [];
  let first: Promise<ProcessUsage | undefined> | undefined;
  let last: Promise<ProcessUsage | undefined> | undefined;
  const result = await contender.load.run({
    ...run,
    onSample: (moment) => {
      const usage = contender.child.usage().catch(() => undefined);
      samples.push(usage);
      if (moment === 'start') first = usage;
      if (moment === 'end') last = usage;
    },
  });
  const usages = (await Promise.all(samples)).filter((usage) => usage !== undefined);
  const [start, end] = await Promise.all([first, last]);
  return {
    ...result,
    peakRss: Math.max(0, ...usages.map((usage) => usage.rss)),
    cpuMicros: start && end ? end.cpuMicros - start.cpuMicros : Number.NaN,
  };
}

/**
 * Asks both gateways once, checks that they agree and that the answer carries no error, and
 * returns each one's answer size (in bytes), which every later answer must match.
 */
async function referenceAnswers(
  scenario: Scenario,
  body: string,
  ours: Contender,
  apollo: Contender,
): Promise<Map<GatewayKind, number>> {
  const sizes = new Map<GatewayKind, number>();
  const parsed = new Map<GatewayKind, unknown>();
  for (const contender of [ours, apollo]) {
    const { status, text } = await contender.load.send(body);
    const answer = JSON.parse(text) as { errors?: unknown };
    if (status !== 200 || answer.errors) {
      throw new Error(
        `${contender.child.label} answered the ${scenario.name} scenario with HTTP ${status}: ${text.slice(0, 500)}`,
      );
    }
    sizes.set(contender.kind, Buffer.byteLength(text));
    parsed.set(contender.kind, answer);
  }
  if (!isDeepStrictEqual(parsed.get('ours'), parsed.get('apollo'))) {
    console.warn(`warning: the gateways answer the ${scenario.name} scenario differently`);
  }
  return sizes;
}

/** The supergraph with each `@join__graph(name:, url:)` pointing at the given URL. */
function withSubgraphUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => {
    const url = urls[name];
    if (!url) throw new Error(`The benchmark runs no subgraph named "${name}".`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}

/**
 * The gateway's main-thread profile from this run: tsx's loader thread writes one too, and the
 * main thread's, with far more distinct frames, is the largest.
 */
function mainThreadProfile(dir: string, since: number): string | undefined {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => ({ path: join(dir, name), stats: statSync(join(dir, name)) }))
    .filter(({ stats }) => stats.mtimeMs >= since);
  return files.sort((a, b) => b.stats.size - a.stats.size)[0]?.path;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
