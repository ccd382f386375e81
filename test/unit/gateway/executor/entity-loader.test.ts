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

/** The results of products loaded under these names, in order. */
const named = (...names: string[]) => names.map((name) => ({ entity: { name }, errors: [] }));

/** The representations of products with these UPCs, as sent. */
const upcs = (...values: string[]) => values.map((upc) => ({ upc, __typename: 'Product' }));

describe('EntityLoaders', () => {
  it('leaves each entity holding its result, and asks for an entity loaded by an earlier step never again', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const first = entityFetch(1, keyedBy('upc'));
    const later = entityFetch(2, keyedBy('upc'));

    const results = await loadProducts(loaders, first, [{ upc: '1' }, { upc: '2' }, { upc: '1' }]);
    const again = await loadProducts(loaders, later, [{ upc: '2' }, { upc: '3' }]);

    expect(results).toEqual(named('P1', 'P2', 'P1'));
    expect(again).toEqual(named('P2', 'P3'));
    expect(client.sent).toEqual([upcs('1', '2'), upcs('3')]);
  });

  it('forgets every entity once cleared: a cleared loader asks again', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const fetch = entityFetch(1, keyedBy('upc'));
    await loadProducts(loaders, fetch, [{ upc: '1' }]);
    const interner = loaders.representations(fetch);
    loaders.clear();
    expect(loaders.representations(fetch)).not.toBe(interner);
    expect(await loadProducts(loaders, fetch, [{ upc: '1' }])).toEqual(named('P1'));
    expect(client.sent).toEqual([upcs('1'), upcs('1')]);
  });

  it('waits for the load an entity is already in rather than asking for it twice', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const fetch = entityFetch(1, keyedBy('upc'));

    const [one, two] = await Promise.all([
      loadProducts(loaders, fetch, [{ upc: '1' }]),
      Promise.resolve().then(() => loadProducts(loaders, fetch, [{ upc: '1' }, { upc: '4' }])),
    ]);

    expect(one).toEqual(named('P1'));
    expect(two).toEqual(named('P1', 'P4'));
    expect(client.sent.flat()).toHaveLength(2);
  });

  it('keeps apart the entities of fetches with the same operation but other representations', async () => {
    const client = new NamingClient();
    const loaders = loadersWith(client);
    const byUpc = entityFetch(1, keyedBy('upc'));
    const bySku = entityFetch(2, keyedBy('sku'));

    await loadProducts(loaders, byUpc, [{ upc: '1', sku: '1' }]);
    const results = await loadProducts(loaders, bySku, [{ upc: '1', sku: '1' }]);

    expect(results).toEqual(named('P1'));
    expect(client.sent).toEqual([upcs('1'), [{ sku: '1', __typename: 'Product' }]]);
  });

  it('shares the entities of fetches whose operations differ only in name, and sends them in one field', async () => {
    const printedAs = (id: number, selection: string): FetchNode => ({
      ...entityFetch(id, keyedBy('upc')),
      operationName: `Q__products__${id}`,
      operation: `query Q__products__${id}($representations:[_Any!]!){_entities(representations:$representations)${selection}}`,
      entitySelection: selection,
    });
    const client = new NamingClient();
    const queries: string[] = [];
    const loaders = loadersWith({
      call: (subgraph, request) => {
        queries.push(request.query);
        return client.call(subgraph, request);
      },
    });
    const onPath = printedAs(1, '{...on Product{name}}');
    const onOtherPath = printedAs(2, '{...on Product{name}}');
    const later = printedAs(3, '{...on Product{name}}');

    const [here, there] = await Promise.all([
      loadProducts(loaders, onPath, [{ upc: '1' }]),
      loadProducts(loaders, onOtherPath, [{ upc: '1' }, { upc: '2' }]),
    ]);
    const again = await loadProducts(loaders, later, [{ upc: '2' }, { upc: '3' }]);

    expect(here).toEqual(named('P1'));
    expect(there).toEqual(named('P1', 'P2'));
    expect(again).toEqual(named('P2', 'P3'));
    expect(client.sent).toEqual([upcs('1', '2'), upcs('3')]);
    expect(queries).toEqual([onPath.operation, onPath.operation]);
  });

  it('gives fetches with other selections an aliased field each, in one request', async () => {
    const sent: SubgraphRequest[] = [];
    const loaders = loadersWith({
      call: async (_subgraph, request) => {
        sent.push(request);
        return {
          data: {
            _0: [{ name: 'P1' }],
            _1: [{ price: 1 }],
          },
        };
      },
    });
    const names: FetchNode = { ...entityFetch(1, keyedBy('upc')), entitySelection: '{...on Product{name}}' };
    const prices: FetchNode = {
      ...entityFetch(2, keyedBy('upc')),
      operation: NAME_OPERATION.replace('name', 'price'),
      fields: { Product: ['price'] },
      entitySelection: '{...on Product{price}}',
    };

    const [withNames, withPrices] = await Promise.all([
      loadProducts(loaders, names, [{ upc: '1' }]),
      loadProducts(loaders, prices, [{ upc: '1' }]),
    ]);

    expect(withNames).toEqual(named('P1'));
    expect(withPrices).toEqual([{ entity: { price: 1 }, errors: [] }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.query).toBe(
      'query($representations0:[_Any!]!,$representations1:[_Any!]!){' +
        '_0:_entities(representations:$representations0){...on Product{name}} ' +
        '_1:_entities(representations:$representations1){...on Product{price}}}',
    );
  });
});
