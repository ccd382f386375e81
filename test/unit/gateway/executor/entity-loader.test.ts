import { describe, expect, it } from 'vitest';
import { EntityLoaders } from '../../../../gateway/src/executor/entity-loader.js';
import type { ExecutionState } from '../../../../gateway/src/executor/execution-state.js';
import { FailedCallErrors } from '../../../../gateway/src/executor/failed-call-errors.js';
import { MergedData } from '../../../../gateway/src/executor/merge-data.js';
import type { FetchNode, RequireSelection } from '../../../../gateway/src/planner/query-plan.js';
import type {
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
} from '../../../../gateway/src/upstream/subgraph-client.js';

const NAME_OPERATION =
  'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{name}}}';

const keyedBy = (...fields: string[]): RequireSelection[] => [
  {
    kind: 'InlineFragment',
    typeCondition: 'Product',
    selections: fields.map((name) => ({ kind: 'Field', name, dataKey: name })),
  },
];

function entityFetch(id: number, requires: RequireSelection[]): FetchNode {
  return {
    kind: 'Fetch',
    id,
    serviceName: 'products',
    operationKind: 'query',
    operation: NAME_OPERATION,
    fields: { Product: ['name'] },
    variableUsages: [],
    requires,
  };
}

/** A products subgraph naming each product by its representation, recording what it was sent. */
class NamingClient implements SubgraphClient {
  readonly sent: unknown[][] = [];

  async call(_subgraph: string, request: SubgraphRequest): Promise<SubgraphResponse> {
    const representations = request.variables?.representations as Record<string, unknown>[];
    this.sent.push(representations);
    return { data: { _entities: representations.map((r) => ({ name: `P${r.upc ?? r.sku}` })) } };
  }
}

function loadersWith(client: SubgraphClient): EntityLoaders {
  const errors: ExecutionState['errors'] = [];
  const silenced = new Set<string>();
  return new EntityLoaders({
    data: new MergedData(() => false),
    errors,
    silenced,
    failures: new FailedCallErrors(errors, silenced, 10),
    rawVariables: {},
    variables: {},
    client,
    callContext: { signal: new AbortController().signal, requestId: 'r1' },
    hooks: undefined,
    maxRepresentationsPerRequest: Number.POSITIVE_INFINITY,
  });
}

async function loadProducts(loaders: EntityLoaders, fetch: FetchNode, products: object[]) {
  const entities = products.map((product) =>
    loaders.representations(fetch).intern({ __typename: 'Product', ...product }),
  );
  await loaders.load(fetch, entities);
  return entities.map((entity) => entity?.result);
}

describe('EntityLoaders', () => {
  it('leaves each entity holding its result, and asks for an entity loaded by an earlier step never again', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const first = entityFetch(1, keyedBy('upc'));
    const later = entityFetch(2, keyedBy('upc'));

    const results = await loadProducts(loaders, first, [{ upc: '1' }, { upc: '2' }, { upc: '1' }]);
    const again = await loadProducts(loaders, later, [{ upc: '2' }, { upc: '3' }]);

    expect(results).toEqual([
      { entity: { name: 'P1' }, errors: [] },
      { entity: { name: 'P2' }, errors: [] },
      { entity: { name: 'P1' }, errors: [] },
    ]);
    expect(again).toEqual([
      { entity: { name: 'P2' }, errors: [] },
      { entity: { name: 'P3' }, errors: [] },
    ]);
    expect(client.sent).toEqual([
      [
        { upc: '1', __typename: 'Product' },
        { upc: '2', __typename: 'Product' },
      ],
      [{ upc: '3', __typename: 'Product' }],
    ]);
  });

  it('forgets every entity once cleared: a cleared loader asks again', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const fetch = entityFetch(1, keyedBy('upc'));
    await loadProducts(loaders, fetch, [{ upc: '1' }]);
    const interner = loaders.representations(fetch);
    loaders.clear();
    expect(loaders.representations(fetch)).not.toBe(interner);
    expect(await loadProducts(loaders, fetch, [{ upc: '1' }])).toEqual([
      { entity: { name: 'P1' }, errors: [] },
    ]);
    expect(client.sent).toEqual([
      [{ upc: '1', __typename: 'Product' }],
      [{ upc: '1', __typename: 'Product' }],
    ]);
  });

  it('waits for the load an entity is already in rather than asking for it twice', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const fetch = entityFetch(1, keyedBy('upc'));

    const [one, two] = await Promise.all([
      loadProducts(loaders, fetch, [{ upc: '1' }]),
      Promise.resolve().then(() => loadProducts(loaders, fetch, [{ upc: '1' }, { upc: '4' }])),
    ]);

    expect(one).toEqual([{ entity: { name: 'P1' }, errors: [] }]);
    expect(two).toEqual([
      { entity: { name: 'P1' }, errors: [] },
      { entity: { name: 'P4' }, errors: [] },
    ]);
    expect(client.sent.flat()).toHaveLength(2);
  });

  it('keeps apart the entities of fetches with the same operation but other representations', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const byUpc = entityFetch(1, keyedBy('upc'));
    const bySku = entityFetch(2, keyedBy('sku'));

    await loadProducts(loaders, byUpc, [{ upc: '1', sku: '1' }]);
    const results = await loadProducts(loaders, bySku, [{ upc: '1', sku: '1' }]);

    expect(results).toEqual([{ entity: { name: 'P1' }, errors: [] }]);
    expect(client.sent).toEqual([
      [{ upc: '1', __typename: 'Product' }],
      [{ sku: '1', __typename: 'Product' }],
    ]);
  });
});
