import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { buildQueryPlan } from '../../gateway/src/planner/build-query-plan.js';
import { printQueryPlan } from '../../gateway/src/planner/print-query-plan.js';
import { SupergraphIndex } from '../../gateway/src/planner/supergraph-index.js';
import { parseSupergraph } from '../../gateway/src/supergraph/parse-supergraph.js';
import type {
  SubgraphCallContext,
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
} from '../../gateway/src/upstream/subgraph-client.js';

/** A subgraph operation the gateway sent that the subgraph's own schema rejects. */
export interface InvalidSubgraphOperation {
  readonly subgraph: string;
  readonly query: string;
  readonly problems: readonly string[];
}

/** A subgraph's name and its own SDL, as the subgraph serves it. */
export interface SubgraphSdl {
  readonly name: string;
  readonly sdl: string;
}

/**
 * Wraps the gateway's SubgraphClient: every operation is validated against the schema the
 * subgraph builds from its own SDL (its own types and nullability, which a supergraph merges
 * away) before it is sent on; the invalid ones are kept for the test to fail on.
 */
export class CheckedSubgraphClient implements SubgraphClient {
  private readonly invalid: InvalidSubgraphOperation[] = [];
  private readonly schemas = new Map<string, GraphQLSchema>();
  private readonly checked = new Map<string, readonly string[]>();

  constructor(
    private readonly inner: SubgraphClient,
    subgraphs: readonly SubgraphSdl[],
  ) {
    for (const { name, sdl } of subgraphs)
      this.schemas.set(name, buildSubgraphSchema({ typeDefs: parse(sdl) }));
  }

  /** Invalid operations sent so far, oldest first. */
  invalidOperations(): readonly InvalidSubgraphOperation[] {
    return [...this.invalid];
  }

  call(subgraph: string, request: SubgraphRequest, context: SubgraphCallContext): Promise<SubgraphResponse> {
    const problems = this.problemsOf(subgraph, request.query);
    if (problems.length > 0) this.invalid.push({ subgraph, query: request.query, problems });
    return this.inner.call(subgraph, request, context);
  }

  private problemsOf(subgraph: string, query: string): readonly string[] {
    const key = `${subgraph}\u0000${query}`;
    let problems = this.checked.get(key);
    if (problems === undefined) {
      const schema = this.schemas.get(subgraph);
      if (!schema) problems = [`no SDL is known for subgraph "${subgraph}"`];
      else {
        try {
          problems = validate(schema, parse(query)).map((error) => error.message);
        } catch (error) {
          problems = [(error as Error).message];
        }
      }
      this.checked.set(key, problems);
    }
    return problems;
  }
}

/** A failure message for invalid subgraph operations: each with its problems, then the plan that emitted it. */
export function describeInvalidOperations(
  invalid: readonly InvalidSubgraphOperation[],
  supergraphSdl: string,
  request: { query: string; operationName?: string | undefined },
): string {
  let plan: string;
  try {
    const index = new SupergraphIndex(parseSupergraph(supergraphSdl));
    plan = printQueryPlan(buildQueryPlan(index, parse(request.query), request.operationName).plan);
  } catch (error) {
    plan = `(the plan could not be printed: ${(error as Error).message})`;
  }
  const operations = invalid.map(
    (operation) =>
      `subgraph "${operation.subgraph}" rejects\n  ${operation.query}\n  - ${operation.problems.join('\n  - ')}`,
  );
  return `The gateway sent subgraph operations the subgraphs' own schemas reject:\n${operations.join('\n')}\nPlan:\n${plan}\n`;
}
