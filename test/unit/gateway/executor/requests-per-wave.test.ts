import { describe, expect, it } from 'vitest';
import type { PlanNode, QueryPlan } from '../../../../gateway/src/planner/query-plan.js';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';
import { reviewsCatalogSubgraphs } from '../../../fixtures/federation/reviews-catalog/federation.js';
import { reviewsCatalogHeavyQuery } from '../../../fixtures/federation/reviews-catalog/operations.js';
import { inProcessFederation } from '../../../helpers/in-process-federation.js';

/** The requests a plan sends when every fetch runs: root fetches, lone entity fetches and batches. */
function requestsOf(node: PlanNode | undefined): number {
  if (!node) return 0;
  switch (node.kind) {
    case 'Fetch':
    case 'Flatten':
    case 'Batch':
      return 1;
    case 'Condition':
      return requestsOf(node.ifClause) + requestsOf(node.elseClause);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((sum, child) => sum + requestsOf(child), 0);
  }
}

/** Waves of a plan: the length of its top-level Sequence. */
function wavesOf(plan: QueryPlan): number {
  if (!plan.node) return 0;
  return plan.node.kind === 'Sequence' ? plan.node.nodes.length : 1;
}

describe('one request per subgraph per wave', () => {
  it('plans the heavy nested query as 6 requests in 4 waves', () => {
    const federation = inProcessFederation(reviewsCatalogSubgraphs());
    const plan = federation.plan(reviewsCatalogHeavyQuery, 'TestQuery');
    expect(wavesOf(plan)).toBe(4);
    expect(requestsOf(plan.node)).toBe(6);
  });

  it('sends the heavy nested query as 6 subgraph requests, each subgraph at most once per wave', async () => {
    const federation = inProcessFederation(reviewsCatalogSubgraphs());
    const result = await federation.run(reviewsCatalogHeavyQuery, {}, 'TestQuery');
    const calls = federation.client.calls.map((call) => call.subgraph);
    expect(calls).toEqual(['accounts', 'products', 'reviews', 'products', 'accounts', 'inventory']);
    const users = result.data?.users as {
      reviews: { product: { name: string; shippingEstimate: number } }[];
    }[];
    expect(users[0]?.reviews[0]?.product).toMatchObject({ name: 'Table', shippingEstimate: 50 });
    // Product 7's stock fails inside the one inventory request: only its paths carry the error.
    expect(result.errors?.map((error) => error.path?.join('.')).sort()).toEqual([
      'topProducts.0.reviews.1.author.reviews.1.product.inStock',
      'topProducts.4.inStock',
      'topProducts.4.reviews.0.author.reviews.1.product.inStock',
      'users.0.reviews.0.product.reviews.1.author.reviews.1.product.inStock',
      'users.1.reviews.0.product.reviews.1.author.reviews.1.product.inStock',
      'users.1.reviews.1.product.inStock',
      'users.1.reviews.1.product.reviews.0.author.reviews.1.product.inStock',
    ]);
  });

  it('gives each selection of a batch an aliased _entities field and each its own representations', async () => {
    const federation = inProcessFederation(reviewsCatalogSubgraphs());
    const result = await federation.run(
      '{ users { reviews { author { name } } } topProducts(first: 2) { name reviews { product { name } } } }',
    );
    expect(result.errors).toBeUndefined();
    const reviews = federation.client.callsTo('reviews');
    expect(reviews).toHaveLength(1);
    const request = reviews[0]?.request;
    expect(request?.query).toBe(
      'query($representations0:[_Any!]!,$representations1:[_Any!]!){' +
        '_0:_entities(representations:$representations0){...on User{reviews{author{__typename id}}}} ' +
        '_1:_entities(representations:$representations1){...on Product{reviews{product{__typename upc}}}}}',
    );
    expect(request?.variables).toEqual({
      representations0: [
        { __typename: 'User', id: 'u1' },
        { __typename: 'User', id: 'u2' },
        { __typename: 'User', id: 'u3' },
      ],
      representations1: [
        { __typename: 'Product', upc: '1' },
        { __typename: 'Product', upc: '2' },
      ],
    });
    expect(result.data?.topProducts).toEqual([
      { name: 'Table', reviews: [{ product: { name: 'Table' } }, { product: { name: 'Table' } }] },
      { name: 'Couch', reviews: [{ product: { name: 'Couch' } }] },
    ]);
  });

  it('shares one _entities field, with representations deduplicated, between fetches with the same selection', async () => {
    const federation = inProcessFederation(reviewsCatalogSubgraphs());
    const result = await federation.run(
      '{ users { reviews { product { name } } } topProducts(first: 3) { reviews { product { name } } } }',
    );
    expect(result.errors).toBeUndefined();
    const products = federation.client.callsTo('products');
    expect(products).toHaveLength(2);
    expect(products[1]?.request.query).toBe(
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{name}}}',
    );
    expect(products[1]?.request.variables?.representations).toEqual(
      ['1', '2', '7', '3'].map((upc) => ({ __typename: 'Product', upc })),
    );
  });

  it('reports a failed batch on the fields of every fetch in it', async () => {
    const federation = inProcessFederation(reviewsCatalogSubgraphs());
    federation.client.failWhen((subgraph) =>
      subgraph === 'reviews'
        ? new UpstreamError('CIRCUIT_OPEN', 'reviews is suspended', 'reviews')
        : undefined,
    );
    const result = await federation.run(
      '{ me { name reviews { id } } topProducts(first: 1) { name reviews { id } } }',
    );
    expect(result.data).toEqual({
      me: { name: 'Ada Lovelace', reviews: null },
      topProducts: [{ name: 'Table', reviews: null }],
    });
    expect(result.errors?.map((error) => [error.path?.join('.'), error.extensions.code])).toEqual([
      ['me.reviews', 'CIRCUIT_OPEN'],
      ['topProducts.0.reviews', 'CIRCUIT_OPEN'],
    ]);
    expect(federation.client.callsTo('reviews')).toHaveLength(1);
  });
});
