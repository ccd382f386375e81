import { graphql, parse } from 'graphql';
import { executeQueryPlan } from '../../gateway/src/executor/execute-query-plan.js';
import { buildQueryPlan } from '../../gateway/src/planner/build-query-plan.js';
import { SupergraphIndex } from '../../gateway/src/planner/supergraph-index.js';
import { parseSupergraph } from '../../gateway/src/supergraph/parse-supergraph.js';
import type {
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
} from '../../gateway/src/upstream/subgraph-client.js';
import { publicSubgraphSchema, SUBGRAPH_NAMES, type SubgraphName } from './gateways-benchmark/subgraphs.js';
import { recordedExecution } from './recorded-execution.js';

/** One subgraph call of an operation's plan and the answer it got, as JSON. */
export interface RecordedAnswer {
  readonly subgraph: string;
  /** The subgraph operation's text: the same for every execution of one plan. */
  readonly query: string;
  readonly response: SubgraphResponse;
}

/** An operation of the public workload with every subgraph answer its plan gets. */
export interface RecordedOperation {
  readonly supergraphSdl: string;
  readonly query: string;
  readonly operationName: string;
  readonly answers: readonly RecordedAnswer[];
  /** Bytes of `{"data":...}` and a newline: every execution over the answers must write as many. */
  readonly answerBytes: number;
}

/**
 * Executes `query` once against the public workload's subgraphs, run in-process with graphql-js,
 * and records every subgraph answer: what `--executor` runs the executor over, without a network.
 */
export async function recordAnswers(
  supergraphSdl: string,
  query: string,
  operationName: string,
): Promise<RecordedOperation> {
  const model = parseSupergraph(supergraphSdl);
  const planned = buildQueryPlan(new SupergraphIndex(model), parse(query), operationName);
  const answers: RecordedAnswer[] = [];
  const client: SubgraphClient = {
    async call(subgraph: string, request: SubgraphRequest): Promise<SubgraphResponse> {
      if (!SUBGRAPH_NAMES.includes(subgraph as SubgraphName)) {
        throw new Error(`the plan calls ${subgraph}, not a subgraph of the public workload`);
      }
      const result = await graphql({
        schema: publicSubgraphSchema(subgraph as SubgraphName),
        source: request.query,
        variableValues: request.variables ?? {},
        operationName: request.operationName ?? null,
      });
      const response = JSON.parse(JSON.stringify(result)) as SubgraphResponse;
      if (answers.some((answer) => answer.subgraph === subgraph && answer.query === request.query)) {
        throw new Error(`the plan sends ${subgraph} the same operation twice: answers cannot be told apart`);
      }
      answers.push({ subgraph, query: request.query, response });
      return response;
    },
  };
  const outcome = await executeQueryPlan(recordedExecution(planned, model.apiSchema, client));
  if (outcome.errors && outcome.errors.length > 0) {
    throw new Error(
      `the recorded execution answered errors: ${outcome.errors.map((error) => error.message).join('; ')}`,
    );
  }
  const answerBytes = Buffer.byteLength(`${JSON.stringify({ data: outcome.data })}\n`);
  return { supergraphSdl, query, operationName, answers, answerBytes };
}
