import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKLOAD_DIR } from './gateways-benchmark/subgraphs.js';
import { scenarios as catalogScenarios, type Scenario } from './scenarios.js';

/** The workloads, each a set of subgraphs with its supergraph and the operations driven at it. */
export const WORKLOAD_NAMES = ['catalog', 'gateways-benchmark'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** One workload. */
export interface Workload {
  readonly name: WorkloadName;
  /** The composed supergraph; the bench points its subgraph URLs at the replay proxies. */
  readonly supergraphPath: string;
  readonly scenarios: readonly Scenario[];
}

const ROOT = join(import.meta.dirname, '../..');

/** The public graphql-gateways-benchmark heavy query, as a scenario. */
export function gatewaysBenchmarkScenario(): Scenario {
  return {
    name: 'gateways-benchmark',
    description:
      'TestQuery of graphql-gateways-benchmark: users and topProducts, reviews, @requires, @provides over 4 subgraphs',
    query: readFileSync(join(WORKLOAD_DIR, 'heavy-query.graphql'), 'utf8'),
    variables: {},
    operationName: 'TestQuery',
  };
}

/** A workload by name, with the catalog scenarios narrowed to `scenarioNames` when given. */
export function workload(name: WorkloadName, scenarioNames: readonly string[] = []): Workload {
  if (name === 'catalog') {
    return {
      name,
      supergraphPath: join(ROOT, 'schema/supergraph.graphql'),
      scenarios:
        scenarioNames.length > 0
          ? catalogScenarios.filter((scenario) => scenarioNames.includes(scenario.name))
          : catalogScenarios,
    };
  }
  return {
    name,
    supergraphPath: join(WORKLOAD_DIR, 'supergraph.graphql'),
    scenarios: [gatewaysBenchmarkScenario()],
  };
}
