import { ApolloServer, HeaderMap } from '@apollo/server';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultOperationLimits } from '../../../../gateway/src/config/security-config.js';
import { checkOperationLimits } from '../../../../gateway/src/security/operation-limits.js';
import {
  type OperationCost,
  operationLimitsPlugin,
} from '../../../../gateway/src/security/operation-limits-plugin.js';
import { catalogSchema } from './catalog-schema.js';

const limits = defaultOperationLimits;
const check = (query: string, variables?: Record<string, unknown>) =>
  checkOperationLimits({ document: parse(query), schema: catalogSchema, variables }, limits);

describe('checkOperationLimits', () => {
  it('accepts an ordinary catalog page', () => {
    expect(check('{ products(first: 50) { id name reviews(first: 5) { id body } } }')).toBeUndefined();
  });

  it('refuses an operation deeper than the limit, fragments expanded', () => {
    const query = `{ product(id: 1) { ...R } }
      fragment R on Product { related { related { related { related { related { related { ...S } } } } } } }
      fragment S on Product { related { related { related { related { related { related { related { related { id } } } } } } } } }`;
    expect(check(query)?.extensions).toMatchObject({ code: 'OPERATION_TOO_DEEP', limit: 15, measured: 16 });
  });

  it('counts the aliases of a fragment spread many times once, as its author wrote them', () => {
    const query = `{ ${Array.from({ length: 8 }, (_, i) => `p${i}: product(id: ${i}) { ...F }`).join(' ')} }
      fragment F on Product { a: id b: name c: id }`;
    expect(check(query)).toBeUndefined();
  });

  it('refuses more aliases than the limit written over an operation and its fragments', () => {
    const fragment = (name: string) =>
      `fragment ${name} on Product { ${Array.from({ length: 8 }, (_, i) => `${name}${i}: id`).join(' ')} }`;
    const query = `{ product(id: 1) { ...A ...B ...C ...D } } ${['A', 'B', 'C', 'D'].map(fragment).join(' ')}`;
    expect(check(query)?.extensions).toMatchObject({ code: 'OPERATION_TOO_MANY_ALIASES', measured: 32 });
  });

  it('refuses root fields over the limit', () => {
    const query = `{ ...R ...R } fragment R on Query { ${'tags '.repeat(11)}}`;
    expect(check(query)?.extensions).toMatchObject({ code: 'OPERATION_TOO_MANY_ROOT_FIELDS', measured: 22 });
  });

  it('refuses a fragment bomb as too many fields, reporting the largest safe integer', () => {
    const fragments = Array.from(
      { length: 64 },
      (_, i) => `fragment F${i} on Product { ...F${i + 1} ...F${i + 1} }`,
    );
    const query = `{ product(id: 1) { ...F0 } } ${fragments.join(' ')} fragment F64 on Product { id }`;
    expect(check(query)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_MANY_FIELDS',
      measured: Number.MAX_SAFE_INTEGER,
    });
  });

  it('refuses an operation whose response would fan out to millions of values', () => {
    const query = '{ products(first: 100) { related { related { reviews(first: 100) { id body } } } } }';
    expect(check(query)?.extensions).toMatchObject({
      code: 'OPERATION_TOO_COSTLY',
      limit: limits.maxCost,
      measured: 100 * (1 + 10 * (1 + 10 * (1 + 100 * 3))),
    });
  });

  it('prices list sizes given in variables', () => {
    const query = 'query($n: Int!) { products(first: $n) { id name } }';
    expect(check(query, { n: 10 })).toBeUndefined();
    expect(check(query, { n: 100_000 })?.extensions).toMatchObject({
      code: 'OPERATION_TOO_COSTLY',
      measured: 100_000 * 3,
    });
  });
});

describe('operationLimitsPlugin', () => {
  let resolved = 0;
  const costs: OperationCost[] = [];
  const server = new ApolloServer({
    typeDefs: 'type Query { items(first: Int): [Item!]! } type Item { id: ID! items(first: Int): [Item!]! }',
    resolvers: {
      Query: {
        items: () => {
          resolved += 1;
          return [{ id: '1' }];
        },
      },
      Item: { items: () => [] },
    },
    plugins: [
      operationLimitsPlugin(
        { ...limits, maxCost: 100, maxDocumentBytes: 200 },
        { onCost: (cost) => costs.push(cost), exposeCost: true },
      ),
    ],
  });
  afterAll(() => server.stop());

  it('serves an operation within the limits, telling its estimated and actual cost', async () => {
    costs.length = 0;
    const response = await server.executeOperation({ query: 'query Five { items(first: 5) { id } }' });
    expect(response.body).toMatchObject({ kind: 'single', singleResult: { data: { items: [{ id: '1' }] } } });
    expect(response.body.kind === 'single' && response.body.singleResult.extensions).toBeUndefined();
    expect(costs).toEqual([{ operationName: 'Five', estimated: 5 * 2, actual: 1 * 2 }]);
  });

  it('answers extensions.cost to a request that asks for it with x-hexagraph-cost: true', async () => {
    const response = await server.executeOperation({
      query: '{ items(first: 5) { id } }',
      http: {
        method: 'POST',
        headers: new HeaderMap([['x-hexagraph-cost', 'true']]),
        search: '',
        body: undefined,
      },
    });
    expect(response.body).toMatchObject({
      singleResult: { extensions: { cost: { estimated: 10, actual: 2, limit: 100 } } },
    });
  });

  it('refuses an operation over a limit with HTTP 400 before anything resolves', async () => {
    resolved = 0;
    const response = await server.executeOperation({
      query: 'query($n: Int) { items(first: $n) { items(first: $n) { id } } }',
      variables: { n: 50 },
    });
    expect(response.http.status).toBe(400);
    expect(response.body).toMatchObject({
      kind: 'single',
      singleResult: { errors: [{ extensions: { code: 'OPERATION_TOO_COSTLY', limit: 100 } }] },
    });
    expect(resolved).toBe(0);
    expect(costs.at(-1)).toEqual({ operationName: null, estimated: 50 * (1 + 50 * 2) });
  });

  it('refuses oversized text however it arrived', async () => {
    const response = await server.executeOperation({ query: `{ items { id } } # ${'x'.repeat(300)}` });
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ extensions: { code: 'OPERATION_TOO_LARGE', limit: 200 } }] },
    });
  });

  it('refuses variables nested too deep', async () => {
    const deep = JSON.parse(`${'['.repeat(1_000)}1${']'.repeat(1_000)}`);
    const response = await server.executeOperation({
      query: 'query($n: Int) { items(first: $n) { id } }',
      variables: { n: 1, extra: deep },
    });
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ extensions: { code: 'VARIABLES_TOO_DEEP' } }] },
    });
  });
});

describe('operationLimitsPlugin on repeated operations', () => {
  const documents: unknown[] = [];
  const costs: OperationCost[] = [];
  const server = new ApolloServer({
    typeDefs: 'type Query { items(first: Int): [Item!]! } type Item { id: ID! }',
    resolvers: { Query: { items: () => [{ id: '1' }, { id: '2' }] } },
    plugins: [
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ document }) {
              documents.push(document);
            },
          };
        },
      },
      operationLimitsPlugin({ ...limits, maxCost: 100 }, { onCost: (cost) => costs.push(cost) }),
    ],
  });
  afterAll(() => server.stop());

  it('is handed the same parsed document for every request with the same text', async () => {
    documents.length = 0;
    const query = '{ items(first: 3) { id } }';
    await server.executeOperation({ query });
    await server.executeOperation({ query });
    expect(documents).toHaveLength(2);
    expect(documents[1]).toBe(documents[0]);
  });

  it('prices every request of one document by its own variables, and its answer by its own data', async () => {
    documents.length = 0;
    costs.length = 0;
    const query = 'query($n: Int) { items(first: $n) { id } }';
    const served = await server.executeOperation({ query, variables: { n: 5 } });
    const refused = await server.executeOperation({ query, variables: { n: 60 } });
    const servedAgain = await server.executeOperation({ query, variables: { n: 7 } });
    expect(documents[2]).toBe(documents[0]);
    expect(served.http.status).toBeUndefined();
    expect(refused.http.status).toBe(400);
    expect(servedAgain.body).toMatchObject({ singleResult: { data: { items: [{ id: '1' }, { id: '2' }] } } });
    expect(costs).toEqual([
      { operationName: null, estimated: 5 * 2, actual: 2 * 2 },
      { operationName: null, estimated: 60 * 2 },
      { operationName: null, estimated: 7 * 2, actual: 2 * 2 },
    ]);
  });

  it('refuses an over-limit document every time it comes', async () => {
    const query = '{ items(first: 60) { id } }';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await server.executeOperation({ query });
      expect(response.http.status).toBe(400);
      expect(response.body).toMatchObject({
        singleResult: {
          errors: [{ extensions: { code: 'OPERATION_TOO_COSTLY', limit: 100, measured: 120 } }],
        },
      });
    }
  });
});
