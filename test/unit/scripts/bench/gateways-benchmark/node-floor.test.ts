import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeQueryPlan } from '../../../../../gateway/src/executor/execute-query-plan.js';
import { buildQueryPlan } from '../../../../../gateway/src/planner/build-query-plan.js';
import { SupergraphIndex } from '../../../../../gateway/src/planner/supergraph-index.js';
import { composeSupergraph } from '../../../../../gateway/src/supergraph/compose.js';
import { parseSupergraph } from '../../../../../gateway/src/supergraph/parse-supergraph.js';
import type { SubgraphClient } from '../../../../../gateway/src/upstream/subgraph-client.js';
import type { RunningServer } from '../../../../../platform/http/graphql-http-server.js';
import { withSubgraphUrls } from '../../../../../scripts/bench/compare-gateways.js';
import {
  type RunningNodeFloor,
  startNodeFloor,
  subgraphUrls,
} from '../../../../../scripts/bench/gateways-benchmark/node-floor.js';
import {
  SUBGRAPH_NAMES,
  startPublicSubgraph,
  subgraphSdl,
  WORKLOAD_DIR,
} from '../../../../../scripts/bench/gateways-benchmark/subgraphs.js';
import { recordedExecution } from '../../../../../scripts/bench/recorded-execution.js';

const HEAVY_QUERY = readFileSync(join(WORKLOAD_DIR, 'heavy-query.graphql'), 'utf8');
const COMPOSED = readFileSync(join(WORKLOAD_DIR, 'supergraph.graphql'), 'utf8');

let subgraphs: RunningServer[] = [];
let urls: Record<string, string>;
let supergraphSdl: string;
let floor: RunningNodeFloor;

async function post(url: string, body: unknown) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

/** Our gateway's executor over the same subgraphs: the answer the floor must give. */
async function ourData(): Promise<unknown> {
  const model = parseSupergraph(supergraphSdl);
  const planned = buildQueryPlan(new SupergraphIndex(model), parse(HEAVY_QUERY), 'TestQuery');
  const client: SubgraphClient = {
    async call(subgraph, subgraphRequest) {
      const { body } = await post(urls[subgraph] as string, subgraphRequest);
      return body;
    },
  };
  const outcome = await executeQueryPlan(recordedExecution(planned, model.apiSchema, client));
  expect(outcome.errors).toBeUndefined();
  return outcome.data;
}

beforeAll(async () => {
  subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => startPublicSubgraph(name)));
  urls = Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [name, subgraphs[index]?.url as string]));
  supergraphSdl = withSubgraphUrls(COMPOSED, urls);
  floor = await startNodeFloor({ supergraphSdl, heavyQuery: HEAVY_QUERY, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await floor?.close();
  await Promise.all(subgraphs.map((subgraph) => subgraph.close()));
});

describe('the node floor', () => {
  it("answers the heavy query with our gateway's data, keys in the same (query) order", async () => {
    const answer = await post(floor.url, { query: HEAVY_QUERY, operationName: 'TestQuery' });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(JSON.stringify(answer.body.data)).toBe(JSON.stringify(await ourData()));
    expect(JSON.stringify(answer.body).length).toBeGreaterThan(80_000);
  });

  it('answers the readiness probe and refuses anything else, saying what it serves', async () => {
    expect(await post(floor.url, { query: '{ __typename }' })).toEqual({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });
    const other = await post(floor.url, { query: '{ users { id } }' });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([
      { message: 'node floor: serves only the gateways-benchmark TestQuery and { __typename }' },
    ]);
  });

  it('names the subgraph that did not answer, with a 502', async () => {
    const down = await startNodeFloor({
      supergraphSdl: withSubgraphUrls(COMPOSED, { ...urls, reviews: 'http://127.0.0.1:1/graphql' }),
      heavyQuery: HEAVY_QUERY,
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const answer = await post(down.url, { query: HEAVY_QUERY });
      expect(answer.status).toBe(502);
      expect(JSON.stringify(answer.body.errors)).toMatch(/node floor: subgraph reviews did not answer/);
    } finally {
      await down.close();
    }
  });

  it('refuses a supergraph without one of the workload’s subgraphs, naming it', () => {
    const withoutInventory = composeSupergraph(
      SUBGRAPH_NAMES.filter((name) => name !== 'inventory').map((name) => ({
        name,
        url: `http://127.0.0.1:1/${name}`,
        sdl: subgraphSdl(name),
      })),
    );
    if (!withoutInventory.ok) throw new Error('the workload composes without inventory');
    expect(() => subgraphUrls(withoutInventory.supergraphSdl)).toThrow(
      'node floor: the supergraph has no @join__graph for subgraph "inventory"',
    );
  });
});
