import { parse } from 'graphql';
import { buildQueryPlan } from '../../../../gateway/src/planner/build-query-plan.js';
import { printQueryPlan } from '../../../../gateway/src/planner/print-query-plan.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { composeSupergraph } from '../../../../gateway/src/supergraph/compose.js';
import { parseSupergraph } from '../../../../gateway/src/supergraph/parse-supergraph.js';
import type { SupergraphModel } from '../../../../gateway/src/supergraph/supergraph-model.js';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@override", "@inaccessible", "@interfaceObject", "@tag"])';

/** Composes inline subgraph SDLs (the federation `@link` is prepended unless one is there) into a supergraph model. */
export function composeModel(subgraphs: Record<string, string>): SupergraphModel {
  const outcome = composeSupergraph(
    Object.entries(subgraphs).map(([name, sdl]) => ({
      name,
      url: `http://${name}.example/graphql`,
      sdl: sdl.includes('@link(') ? sdl : `${FEDERATION_LINK}\n${sdl}`,
    })),
  );
  if (!outcome.ok) throw new Error(outcome.problems.map((problem) => problem.message).join('\n'));
  return parseSupergraph(outcome.supergraphSdl, { source: 'test supergraph' });
}

/** Returns a function that plans an operation against the composed subgraphs and prints the plan. */
export function planner(
  subgraphs: Record<string, string>,
): (operation: string, operationName?: string) => string {
  const index = new SupergraphIndex(composeModel(subgraphs));
  return (operation, operationName) =>
    printQueryPlan(buildQueryPlan(index, parse(operation), operationName).plan);
}
