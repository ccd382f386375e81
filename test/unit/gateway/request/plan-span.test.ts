import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { parse } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newRequestRecord } from '../../../../gateway/src/observability/access-log.js';
import { QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { requestExecutor } from '../../../../gateway/src/request/request-executor.js';
import { silentLogger } from '../../../../platform/logger.js';
import { composeModel } from '../planner/compose-and-plan.js';

const exporter = new InMemorySpanExporter();
const model = composeModel({ prices: 'type Query { price(id: ID!): Int }' });

beforeAll(() => {
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
});

afterEach(() => exporter.reset());

afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

/** The `graphql.operation.name` of the `plan` span of executing `query` as sent with `operationName`. */
async function plannedName(query: string, operationName: string | null): Promise<unknown> {
  const execute = requestExecutor({
    planner: new QueryPlanner(new SupergraphIndex(model), { cacheSize: 10 }),
    apiSchema: model.apiSchema,
    client: { call: async () => ({ data: { price: 1 } }) },
  });
  await execute({
    document: parse(query),
    operationName,
    variables: {},
    queryHash: `hash of ${query}`,
    context: {
      requestId: 'r-1',
      log: silentLogger(),
      signal: new AbortController().signal,
      deadline: Date.now() + 10_000,
      headers: {},
      record: newRequestRecord(),
    },
  });
  const span = exporter.getFinishedSpans().find((finished) => finished.name === 'plan');
  if (!span) throw new Error('No plan span was recorded');
  return span.attributes['graphql.operation.name'];
}

describe('the plan span', () => {
  it("names the document's one operation when the client sent no operationName", async () => {
    expect(await plannedName('query PriceOfOne { price(id: "1") }', null)).toBe('PriceOfOne');
  });

  it('names the operation the client chose among several', async () => {
    const document = 'query First { price(id: "1") } query Second { price(id: "2") }';
    expect(await plannedName(document, 'Second')).toBe('Second');
  });

  it('leaves the name empty for an anonymous operation', async () => {
    expect(await plannedName('{ price(id: "1") }', null)).toBe('');
  });
});
