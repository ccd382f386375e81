/**
 * The process `--executor` counts under callgrind:
 * `node executor-child.js MODULES ANSWERS WARMUP REQUESTS CONCURRENCY` executes the recorded
 * operation (see `recordAnswers`) with the executor and the answer encoder in MODULES (a
 * checkout's `dist/gateway/src`, or `gateway/src` under tsx), over the recorded subgraph answers,
 * each parsed once and handed to every execution as in-flight sharing hands one answer to its
 * sharers. It runs WARMUP executions, says `ready`, runs REQUESTS executions (CONCURRENCY at a
 * time) once told `go`, says `done`, and exits once told `stop`. Every execution must write the
 * recorded answer's bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'graphql';
import type * as Executor from '../../gateway/src/executor/execute-query-plan.js';
import type * as Planner from '../../gateway/src/planner/build-query-plan.js';
import type * as Index from '../../gateway/src/planner/supergraph-index.js';
import type * as Buffers from '../../gateway/src/request/answer-buffers.js';
import type * as Encoder from '../../gateway/src/request/json-encoder.js';
import type * as Supergraph from '../../gateway/src/supergraph/parse-supergraph.js';
import type { SubgraphClient, SubgraphResponse } from '../../gateway/src/upstream/subgraph-client.js';
import type { RecordedOperation } from './executor-answers.js';
import { recordedExecution } from './recorded-execution.js';

const [modules, answersPath, warmupText, requestsText, concurrencyText] = process.argv.slice(2);
if (!modules || !answersPath || !warmupText || !requestsText || !concurrencyText) {
  throw new Error('usage: executor-child.js MODULES ANSWERS WARMUP REQUESTS CONCURRENCY');
}
const warmup = Number(warmupText);
const requests = Number(requestsText);
const concurrency = Number(concurrencyText);
const built = (path: string) => import(join(modules, path));
const { executeQueryPlan } = (await built('executor/execute-query-plan.js')) as typeof Executor;
const { buildQueryPlan } = (await built('planner/build-query-plan.js')) as typeof Planner;
const { SupergraphIndex } = (await built('planner/supergraph-index.js')) as typeof Index;
const { parseSupergraph } = (await built('supergraph/parse-supergraph.js')) as typeof Supergraph;
const { encodeJson } = (await built('request/json-encoder.js')) as typeof Encoder;
const { AnswerBuffers } = (await built('request/answer-buffers.js')) as typeof Buffers;

const recorded = JSON.parse(readFileSync(answersPath, 'utf8')) as RecordedOperation;
const model = parseSupergraph(recorded.supergraphSdl);
const planned = buildQueryPlan(new SupergraphIndex(model), parse(recorded.query), recorded.operationName);
const answers = new Map<string, Map<string, SubgraphResponse>>();
for (const answer of recorded.answers) {
  const bySubgraph = answers.get(answer.subgraph) ?? new Map<string, SubgraphResponse>();
  bySubgraph.set(answer.query, answer.response);
  answers.set(answer.subgraph, bySubgraph);
}
const client: SubgraphClient = {
  async call(subgraph, request) {
    const response = answers.get(subgraph)?.get(request.query);
    if (!response) throw new Error(`no recorded answer of ${subgraph} for ${request.query.slice(0, 80)}`);
    return response;
  },
};
const buffers = new AnswerBuffers();
// One set of options for every execution: the counted work is the executor's, not building them.
const execution = recordedExecution(planned, model.apiSchema, client);

async function execute(): Promise<void> {
  const outcome = await executeQueryPlan(execution);
  const encoded = encodeJson({ data: outcome.data }, '\n', buffers, recorded.answerBytes);
  if (encoded?.bytes.length !== recorded.answerBytes) {
    throw new Error(
      `an execution wrote ${encoded?.bytes.length} bytes, not the recorded ${recorded.answerBytes}`,
    );
  }
  if (encoded.pooled) buffers.release(encoded.pooled);
}

async function run(count: number): Promise<void> {
  for (let done = 0; done < count; done += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, count - done) }, execute));
  }
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function waitFor(word: string): Promise<void> {
  const line = await lines.next();
  if (line.done || line.value.trim() !== word) throw new Error(`expected ${word} on stdin`);
}

await run(warmup);
process.stdout.write('ready\n');
await waitFor('go');
await run(requests);
process.stdout.write('done\n');
await waitFor('stop');
process.exit(0);
