import { parse } from 'graphql';
import { buildQueryPlan } from '../../../../gateway/src/planner/build-query-plan.js';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { composeSupergraph } from '../../../../gateway/src/supergraph/compose.js';
import { parseSupergraph } from '../../../../gateway/src/supergraph/parse-supergraph.js';
import type { SupergraphModel } from '../../../../gateway/src/supergraph/supergraph-model.js';
import { type PlanShape, planShape, subgraphOperationProblems } from '../../../helpers/plan-checks.js';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@override", "@inaccessible", "@interfaceObject", "@tag"])';

/** Composes inline subgraph SDLs (the federation `@link` is prepended unless one is there) into a supergraph model. */
export function composeModel(subgraphs: Record<string, string>): SupergraphModel {
  const outcome = composeSupergraph(
    Object.entries(withFederationLinks(subgraphs)).map(([name, sdl]) => ({
      name,
      url: `http://${name}.example/graphql`,
      sdl,
    })),
  );
  if (!outcome.ok) throw new Error(outcome.problems.map((problem) => problem.message).join('\n'));
  return parseSupergraph(outcome.supergraphSdl, { source: 'test supergraph' });
}

/** The subgraph SDLs as served: each with the federation `@link` unless it has one. */
export function withFederationLinks(subgraphs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(subgraphs).map(([name, sdl]) => [
      name,
      sdl.includes('@link(') ? sdl : `${FEDERATION_LINK}\n${sdl}`,
    ]),
  );
}

/** Plans an operation and prints the plan; `shape` gives what the plan does, for independent checks. */
export interface Planner {
  (operation: string, operationName?: string): string;
  shape(operation: string, operationName?: string): PlanShape;
}

/**
 * Returns a planner over the composed subgraphs. Every plan it makes is checked first: each
 * subgraph operation must validate against that subgraph's own schema, or planning throws.
 */
export function planner(subgraphs: Record<string, string>): Planner {
  const sdls = withFederationLinks(subgraphs);
  const index = new SupergraphIndex(composeModel(subgraphs));
  const plan = (operation: string, operationName?: string) => {
    const { plan: built } = buildQueryPlan(index, parse(operation), operationName);
    const problems = subgraphOperationProblems(built, sdls);
    if (problems.length > 0)
      throw new Error(`The plan sends operations a subgraph would refuse:\n${problems.join('\n')}`);
    return built;
  };
  return Object.assign(
    (operation: string, operationName?: string) => printQueryPlan(plan(operation, operationName)),
    {
      shape: (operation: string, operationName?: string) => planShape(plan(operation, operationName)),
    },
  );
}
