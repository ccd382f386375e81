import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { newRequestRecord } from '../../../../gateway/src/observability/access-log.js';
import { PlanningError } from '../../../../gateway/src/planner/planning-error.js';
import { QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { requestExecutor } from '../../../../gateway/src/request/request-executor.js';
import { parseSupergraph } from '../../../../gateway/src/supergraph/parse-supergraph.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';
import { composeModel } from '../planner/compose-and-plan.js';

// A mutation's key-less result split over two subgraphs: the mutation must not run twice, so the
// part only `stock` resolves cannot be reached. Composition refuses such a supergraph, so the
// mutation is written into a composed one by hand, as a registry without checks might serve it.
const composed = composeModel({
  pricing: `
    type Query { product(id: ID!): Product @shareable }
    type Product { id: ID! @shareable price: Int }`,
  stock: `
    type Query { product(id: ID!): Product @shareable }
    type Product { id: ID! @shareable inStock: Boolean }`,
});
const model = parseSupergraph(
  composed.sdl
    .replace('query: Query', 'query: Query\n  mutation: Mutation')
    .concat(
      '\ntype Mutation @join__type(graph: PRICING) {\n  restock(id: ID!): Product @join__field(graph: PRICING)\n}\n',
    ),
);
const mutation = 'mutation Restock { restock(id: "1") { id refill: inStock } }';

describe('a planning failure', () => {
  it('names the field path the planner could not reach', () => {
    const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 });
    let failure: unknown;
    try {
      planner.plan(parse(mutation), 'Restock');
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(PlanningError);
    expect((failure as PlanningError).fieldPath).toEqual(['restock', 'refill']);
  });

  it('answers QUERY_PLANNING_FAILED, logged with the operation hash, and calls no subgraph', async () => {
    const { log, lines } = capturedLogger();
    const calls: string[] = [];
    const execute = requestExecutor({
      planner: new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 }),
      apiSchema: model.apiSchema,
      client: {
        call: async (subgraph) => {
          calls.push(subgraph);
          return { data: {} };
        },
      },
    });

    const result = await execute({
      document: parse(mutation),
      operationName: 'Restock',
      variables: {},
      queryHash: 'hash-of-restock',
      context: {
        requestId: 'r-1',
        log,
        signal: new AbortController().signal,
        deadline: Date.now() + 1_000,
        headers: {},
        record: newRequestRecord(),
      },
    });

    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => error.extensions)).toEqual([
      { code: 'QUERY_PLANNING_FAILED', fieldPath: ['restock', 'refill'] },
    ]);
    expect(calls).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'query planning failed',
        queryHash: 'hash-of-restock',
        operationName: 'Restock',
      }),
    );
  });
});
