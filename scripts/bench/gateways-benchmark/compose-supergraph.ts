/**
 * `npx tsx scripts/bench/gateways-benchmark/compose-supergraph.ts`: composes the public workload's
 * subgraph SDLs with the project's composition into `bench/workloads/gateways-benchmark/supergraph.graphql`.
 * The routing URLs written are placeholders: the bench points them at its replay proxies.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from '../../../gateway/src/supergraph/compose.js';
import { SUBGRAPH_NAMES, subgraphSdl, WORKLOAD_DIR } from './subgraphs.js';

/** The composed supergraph of the public workload; throws listing every composition problem. */
export function composeGatewaysBenchmark(): string {
  const outcome = composeSupergraph(
    SUBGRAPH_NAMES.map((name, index) => ({
      name,
      url: `http://127.0.0.1:${4200 + index}/graphql`,
      sdl: subgraphSdl(name),
    })),
  );
  if (!outcome.ok) {
    throw new Error(
      `the gateways-benchmark subgraphs do not compose:\n${outcome.problems.map((problem) => `  ${problem.message}`).join('\n')}`,
    );
  }
  return outcome.supergraphSdl;
}

if (process.argv[1] === import.meta.filename) {
  const target = join(WORKLOAD_DIR, 'supergraph.graphql');
  writeFileSync(target, composeGatewaysBenchmark());
  console.log(`Wrote ${target}`);
}
