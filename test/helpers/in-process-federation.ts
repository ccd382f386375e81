import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import { type ExecutionOutcome, executeQueryPlan } from '../../gateway/src/executor/execute-query-plan.js';
import type { ExecutionHooks } from '../../gateway/src/executor/execution-state.js';
import { buildQueryPlan } from '../../gateway/src/planner/build-query-plan.js';
import type { QueryPlan } from '../../gateway/src/planner/query-plan.js';
import { SupergraphIndex } from '../../gateway/src/planner/supergraph-index.js';
import { composeSupergraph } from '../../gateway/src/supergraph/compose.js';
import { parseSupergraph } from '../../gateway/src/supergraph/parse-supergraph.js';
import type { SupergraphModel } from '../../gateway/src/supergraph/supergraph-model.js';
import { InProcessSubgraphClient } from './in-process-subgraph-client.js';

/** A subgraph run in-process: Federation 2 SDL and resolvers. */
export interface InProcessSubgraph {
  readonly name: string;
  readonly sdl: string;
  readonly resolvers: unknown;
}

/** A federation whose subgraphs run in-process, planned and executed the way the gateway does. */
export interface InProcessFederation {
  readonly model: SupergraphModel;
  readonly client: InProcessSubgraphClient;
  /** The plan of an operation. */
  plan(query: string, operationName?: string): QueryPlan;
  run(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<ExecutionOutcome>;
}

/** Composes the subgraphs and serves them through an in-process SubgraphClient that records every call. */
export function inProcessFederation(
  subgraphs: readonly InProcessSubgraph[],
  options: { hooks?: ExecutionHooks } = {},
): InProcessFederation {
  const schemas: Record<string, GraphQLSchema> = {};
  for (const subgraph of subgraphs) {
    schemas[subgraph.name] = buildSubgraphSchema({
      typeDefs: parse(subgraph.sdl),
      resolvers: subgraph.resolvers as never,
    });
  }
  const composed = composeSupergraph(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: `http://${subgraph.name}/graphql`,
      sdl: subgraph.sdl,
    })),
  );
  if (!composed.ok) throw new Error(composed.problems.map((problem) => problem.message).join('\n'));
  const model = parseSupergraph(composed.supergraphSdl);
  const index = new SupergraphIndex(model);
  const client = new InProcessSubgraphClient(schemas);
  return {
    model,
    client,
    plan: (query, operationName) => buildQueryPlan(index, parse(query), operationName).plan,
    run: (query, variables = {}, operationName) => {
      const planned = buildQueryPlan(index, parse(query), operationName);
      return executeQueryPlan({
        plan: planned.plan,
        operation: planned.operation,
        variables,
        apiSchema: model.apiSchema,
        client,
        context: { signal: new AbortController().signal },
        ...(options.hooks && { hooks: options.hooks }),
      });
    },
  };
}
