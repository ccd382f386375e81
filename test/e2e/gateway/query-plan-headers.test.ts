import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, loadGatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { startInventoryService } from '../../../subgraphs/inventory/app.js';
import { startPricingService } from '../../../subgraphs/pricing/app.js';
import { startProductService } from '../../../subgraphs/product/app.js';
import { type RunningGatewayEndpoint, startApolloGateway } from '../../helpers/apollo-gateway.js';
import { composeOrThrow } from '../../helpers/federation-fixture.js';

const OPERATION = 'query Shop { products(first: 2) { id name price { amount } inventory { available } } }';

interface Answer {
  data?: unknown;
  errors?: unknown[];
  extensions?: Record<string, unknown>;
}

async function ask(url: string, headers: Record<string, string>, query = OPERATION): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** The JSON type of a value, telling arrays and null apart. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Apollo Router's documented `extensions.apolloQueryPlan.object` nodes: the fields each kind
 * carries and their JSON types (`?` marks a field that may be absent).
 */
const ROUTER_NODE_FIELDS: Record<string, Record<string, string>> = {
  Sequence: { nodes: 'array' },
  Parallel: { nodes: 'array' },
  Flatten: { path: 'array', node: 'object' },
  Condition: { condition: 'string', 'ifClause?': 'object', 'elseClause?': 'object' },
  Fetch: {
    serviceName: 'string',
    'requires?': 'array',
    variableUsages: 'array',
    operation: 'string',
    operationName: 'string|null',
    operationKind: 'string',
    id: 'string|null',
    inputRewrites: 'array|null',
    outputRewrites: 'array|null',
    contextRewrites: 'array|null',
  },
};

/** Every node of a plan object against Router's fields; returns the kinds met, in document order. */
function checkRouterShape(node: Record<string, unknown>, kinds: string[] = []): string[] {
  const fields = ROUTER_NODE_FIELDS[node.kind as string];
  expect(fields, `node kind ${String(node.kind)}`).toBeDefined();
  kinds.push(node.kind as string);
  for (const [declared, types] of Object.entries(fields ?? {})) {
    const optional = declared.endsWith('?');
    const name = optional ? declared.slice(0, -1) : declared;
    if (optional && !(name in node)) continue;
    expect(types.split('|'), `${String(node.kind)}.${name}`).toContain(typeOf(node[name]));
  }
  const children = [
    ...((node.nodes as Record<string, unknown>[] | undefined) ?? []),
    ...(['node', 'ifClause', 'elseClause'] as const).flatMap((key) =>
      node[key] ? [node[key] as Record<string, unknown>] : [],
    ),
  ];
  for (const child of children) checkRouterShape(child, kinds);
  return kinds;
}

describe('query plans on request, in the shapes of Apollo Router and @apollo/gateway', () => {
  const subgraphs: Record<string, RunningServer> = {};
  let subgraphRequests = 0;
  let supergraphSdl: string;
  let gateway: RunningGateway;
  let apollo: RunningGatewayEndpoint;

  beforeAll(async () => {
    const log = silentLogger();
    subgraphs.product = await startProductService({ port: 0, host: '127.0.0.1', log });
    subgraphs.inventory = await startInventoryService({ port: 0, host: '127.0.0.1', log });
    subgraphs.pricing = await startPricingService({ port: 0, host: '127.0.0.1', log });
    const sources = Object.entries(subgraphs).map(([name, server]) => {
      server.server.on('request', () => {
        subgraphRequests += 1;
      });
      const sdl = readFileSync(new URL(`../../../schema/${name}.graphql`, import.meta.url), 'utf8');
      return { name, url: `http://127.0.0.1:${server.port}/graphql`, sdl };
    });
    supergraphSdl = composeOrThrow('catalog', sources);
    // Shipped defaults: development, so the plan headers are answered.
    gateway = await startGateway(gatewayConfig({ core: { port: 0 } }), { supergraphSdl, log });
    apollo = await startApolloGateway(supergraphSdl);
  }, 30_000);

  afterAll(async () => {
    await gateway?.close();
    await apollo?.close();
    await Promise.all(Object.values(subgraphs).map((server) => server.close()));
  });

  it('answers Apollo-Query-Plan-Experimental with the plan as text, as @apollo/gateway does', async () => {
    const headers = { 'apollo-query-plan-experimental': '1' };
    const [ours, theirs] = await Promise.all([ask(gateway.url, headers), ask(apollo.url, headers)]);

    expect(ours.data).toEqual(theirs.data);
    expect(Object.keys(ours.extensions ?? {})).toEqual(Object.keys(theirs.extensions ?? {}));
    expect(Object.keys(ours.extensions ?? {})).toEqual(['__queryPlanExperimental']);
    expect(typeof theirs.extensions?.__queryPlanExperimental).toBe('string');
    expect(ours.extensions?.__queryPlanExperimental).toMatch(/^QueryPlan \{\n/);
    for (const service of ['product', 'inventory', 'pricing']) {
      expect(theirs.extensions?.__queryPlanExperimental).toContain(`Fetch(service: "${service}")`);
      expect(ours.extensions?.__queryPlanExperimental).toContain(`Fetch(service: "${service}")`);
    }
  });

  it('answers Apollo-Query-Plan-Experimental-Format: internal with the plan object, and any other format with true', async () => {
    const internal = {
      'apollo-query-plan-experimental': '1',
      'apollo-query-plan-experimental-format': 'internal',
    };
    const [ours, theirs] = await Promise.all([ask(gateway.url, internal), ask(apollo.url, internal)]);
    const ourPlan = ours.extensions?.__queryPlanExperimental as Record<string, unknown>;
    const theirPlan = theirs.extensions?.__queryPlanExperimental as Record<string, unknown>;
    expect(typeOf(theirPlan)).toBe('object');
    expect(ourPlan).toMatchObject({ kind: theirPlan.kind, node: { kind: expect.any(String) } });
    expect(ourPlan).toEqual(expect.objectContaining({ kind: 'QueryPlan' }));

    const other = { 'apollo-query-plan-experimental': '1', 'apollo-query-plan-experimental-format': 'yaml' };
    const [ourOther, theirOther] = await Promise.all([ask(gateway.url, other), ask(apollo.url, other)]);
    expect(ourOther.extensions).toEqual(theirOther.extensions);
    expect(ourOther.extensions).toEqual({ __queryPlanExperimental: true });
  });

  it("answers Apollo-Expose-Query-Plan: true with the data and the plan in Apollo Router's format", async () => {
    const before = subgraphRequests;
    const answer = await ask(gateway.url, { 'apollo-expose-query-plan': 'true' });

    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ products: [{ id: 'p-0001' }, { id: 'p-0002' }] });
    expect(subgraphRequests - before).toBe(3);
    const exposed = answer.extensions?.apolloQueryPlan as
      | { object: Record<string, unknown>; text: unknown }
      | undefined;
    expect(exposed).toBeDefined();
    const { object, text } = exposed!;
    expect(Object.keys(answer.extensions ?? {})).toEqual(['apolloQueryPlan']);
    expect(object.kind).toBe('QueryPlan');
    expect(checkRouterShape(object.node as Record<string, unknown>)).toEqual([
      'Sequence',
      'Fetch',
      'Parallel',
      'Flatten',
      'Fetch',
      'Flatten',
      'Fetch',
    ]);
    expect(text).toMatch(/^QueryPlan \{\n {2}Sequence \{\n {4}Fetch\(service: "product"\)/);
  });

  it('answers Apollo-Expose-Query-Plan: dry-run with the plan alone, asking no subgraph', async () => {
    const before = subgraphRequests;
    const mutation =
      'mutation { setPrice(productId: "p-0001", input: { currency: "EUR", listAmount: 1 }) { amount } }';
    const answer = await ask(gateway.url, { 'apollo-expose-query-plan': 'dry-run' }, mutation);

    expect(answer).not.toHaveProperty('data');
    expect(answer).not.toHaveProperty('errors');
    expect(answer.extensions?.apolloQueryPlan).toMatchObject({
      object: {
        kind: 'QueryPlan',
        node: { kind: 'Fetch', serviceName: 'pricing', operationKind: 'mutation' },
      },
    });
    expect(subgraphRequests).toBe(before);
  });

  it('ignores values Apollo Router ignores, and answers nothing unasked', async () => {
    expect((await ask(gateway.url, { 'apollo-expose-query-plan': 'yes' })).extensions).toBeUndefined();
    expect((await ask(gateway.url, {})).extensions).toBeUndefined();
  });

  it('answers no plan header in production unless EXPOSE_QUERY_PLAN=true', async () => {
    const headers = { 'apollo-expose-query-plan': 'true', 'apollo-query-plan-experimental': '1' };
    const log = silentLogger();
    const hidden = await startGateway(loadGatewayConfig({ NODE_ENV: 'production', PORT: '0' }), {
      supergraphSdl,
      log,
    });
    const shown = await startGateway(
      loadGatewayConfig({ NODE_ENV: 'production', EXPOSE_QUERY_PLAN: 'true', PORT: '0' }),
      { supergraphSdl, log },
    );
    try {
      const quiet = await ask(hidden.url, headers);
      expect(quiet.extensions).toBeUndefined();
      expect(quiet.data).toMatchObject({ products: [{ id: 'p-0001' }, { id: 'p-0002' }] });
      expect(Object.keys((await ask(shown.url, headers)).extensions ?? {}).sort()).toEqual([
        '__queryPlanExperimental',
        'apolloQueryPlan',
      ]);
    } finally {
      await hidden.close();
      await shown.close();
    }
  });
});
