import { type CompareContext, oursAloneStart, startSubgraphs } from './compare-gateways.js';
import type { Contender } from './contenders.js';
import type { LoadResult } from './load-generator.js';
import { refusedCost } from './our-gateway-probes.js';
import { treeUsage } from './proc-stats.js';
import { requestBody } from './scenarios.js';
import { type RssSample, soakReport } from './soak-report.js';
import { startContender } from './start-contender.js';
import { workload } from './workloads.js';

const SAMPLE_EVERY_MS = 10_000;

/**
 * Drives the public heavy query at our gateway alone for `minutes` and prints its RSS, sampled
 * every 10 s, as a table and a curve: memory should stay flat under steady load.
 */
export async function soakOurs(
  minutes: number,
  supergraphSdl: string,
  context: CompareContext,
): Promise<void> {
  const { options, log } = context;
  const publicWorkload = workload('gateways-benchmark');
  const scenario = publicWorkload.scenarios[0];
  if (!scenario) throw new Error('the gateways-benchmark workload has no scenario');
  const ours = context.options.contenders.find((contender) => contender.id === 'ours') as Contender;
  const { child: subgraphs, urls } = await startSubgraphs(publicWorkload, context);
  try {
    const start = oursAloneStart('soak.supergraph.graphql', supergraphSdl, urls, context);
    const body = requestBody(scenario);
    const refused = await refusedCost(ours, [body], start);
    const env: Record<string, string> =
      refused && ours.env.MAX_COST === undefined ? { MAX_COST: String(refused.measured) } : {};
    log(
      `soak: hexagraph alone, ${scenario.name}, ${options.concurrency} connections, ${minutes} min; ` +
        `shipped defaults except RATE_LIMIT_ENABLED=false${refused ? ` and MAX_COST=${refused.measured}` : ''}`,
    );
    const running = await startContender({ ...ours, env: { ...env, ...ours.env } }, start);
    try {
      await context.load.request('target', { url: running.url, connections: options.concurrency });
      const reference = await context.load.request<{ status: number; text: string }>('send', body);
      if (reference.status !== 200 || reference.text.includes('"errors"')) {
        throw new Error(
          `hexagraph answered the soak query with HTTP ${reference.status}: ${reference.text.slice(0, 300)}`,
        );
      }
      const samples: RssSample[] = [];
      const began = Date.now();
      const sample = () =>
        samples.push({ seconds: (Date.now() - began) / 1000, rss: treeUsage(running.process.pid).rss });
      sample();
      const sampler = setInterval(sample, SAMPLE_EVERY_MS);
      const durationMs = minutes * 60_000;
      let result: LoadResult;
      try {
        result = await context.load.request<LoadResult>(
          'run',
          {
            body,
            concurrency: options.concurrency,
            warmupMs: 0,
            durationMs,
            expectedBytes: Buffer.byteLength(reference.text),
            expectedStatus: 200,
          },
          durationMs + 120_000,
        );
      } finally {
        clearInterval(sampler);
      }
      sample();
      log(
        `\nsoak: ${result.completed} requests (${(result.completed / result.seconds).toFixed(0)}/s), ` +
          `${result.unexpected} with an unexpected status or size`,
      );
      log(soakReport(samples).join('\n'));
    } finally {
      await running.stop();
    }
  } finally {
    await subgraphs.stop();
  }
}
