import { ApolloServer } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { afterAll, describe, expect, it } from 'vitest';
import {
  normalizeDocument,
  sha256Hex,
  TrustedDocumentStore,
} from '../../../../gateway/src/security/trusted-document-store.js';
import {
  checkTrustedDocument,
  type TrustedDocumentsMode,
  trustedDocumentsApqCache,
  trustedDocumentsPlugin,
} from '../../../../gateway/src/security/trusted-documents.js';
import { capturedLogger } from '../../../helpers/captured-logger.js';

const PRODUCT_QUERY =
  'query Product($id: ID!) {\n  product(id: $id) {\n    id\n    ...Named\n  }\n}\n\nfragment Named on Product {\n  name\n}\n';

function storeWithProductQuery(): TrustedDocumentStore {
  const store = new TrustedDocumentStore();
  store.add(PRODUCT_QUERY, 'product.graphql');
  return store;
}

describe('normalizeDocument', () => {
  it('ignores whitespace, commas, comments and the order of definitions', () => {
    const reformatted =
      'fragment Named on Product { name } # the name\nquery Product($id: ID!) { product(id: $id) { id, ...Named } }';
    expect(normalizeDocument(reformatted)).toBe(normalizeDocument(PRODUCT_QUERY));
  });

  it('tells different selections and different values apart', () => {
    expect(normalizeDocument('{ a b }')).not.toBe(normalizeDocument('{ b a }'));
    expect(normalizeDocument('{ a(x: "1") }')).not.toBe(normalizeDocument('{ a(x: 1) }'));
    expect(normalizeDocument('{ a(x: """v""") }')).toBe(normalizeDocument('{ a(x: "v") }'));
  });
});

describe('TrustedDocumentStore', () => {
  it('finds a document by its exact hash, its normalized hash, or its text in any layout', () => {
    const store = storeWithProductQuery();
    const document = store.byText(PRODUCT_QUERY);
    expect(document?.origin).toBe('product.graphql');
    expect(document?.exactHash).toBe(sha256Hex(PRODUCT_QUERY));
    expect(store.byHash(sha256Hex(PRODUCT_QUERY))).toBe(document);
    expect(store.byHash(sha256Hex(normalizeDocument(PRODUCT_QUERY)).toUpperCase())).toBe(document);
    expect(store.byText(PRODUCT_QUERY.replaceAll('\n', ' '))).toBe(document);
    expect(store.byText('{ product(id: 1) { id } }')).toBeUndefined();
    expect(store.byText('{ "unterminated')).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('refuses a document that is not GraphQL, naming its origin and position', () => {
    expect(() => new TrustedDocumentStore().add('query {\n  product(', 'broken.graphql')).toThrow(
      /Trusted document broken\.graphql is not valid GraphQL \(line 2, column 11\)/,
    );
  });
});

describe('checkTrustedDocument', () => {
  const store = storeWithProductQuery();

  it('refuses unknown text with HTTP 403 only in enforce mode', () => {
    expect(checkTrustedDocument({ store, mode: 'enforce' }, '{ tags }')).toMatchObject({
      status: 403,
      error: { extensions: { code: 'QUERY_NOT_IN_SAFELIST', queryHash: sha256Hex('{ tags }') } },
    });
    expect(checkTrustedDocument({ store, mode: 'enforce' }, PRODUCT_QUERY)).toBeUndefined();
    expect(checkTrustedDocument({ store, mode: 'report' }, '{ tags }')).toBeUndefined();
    expect(checkTrustedDocument({ store, mode: 'off' }, '{ tags }')).toBeUndefined();
  });
});

describe('trustedDocumentsPlugin with automatic persisted queries', () => {
  const servers: ApolloServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  function serve(mode: TrustedDocumentsMode, fallback?: InMemoryLRUCache<string>) {
    const store = storeWithProductQuery();
    const { log, lines } = capturedLogger();
    const server = new ApolloServer({
      typeDefs:
        'type Query { product(id: ID!): Product tags: [String!]! } type Product { id: ID! name: String! }',
      resolvers: {
        Query: {
          product: (_: unknown, args: { id: string }) => ({ id: args.id, name: 'Lamp' }),
          tags: () => ['x'],
        },
      },
      persistedQueries: { cache: trustedDocumentsApqCache(store, fallback) },
      plugins: [trustedDocumentsPlugin({ store, mode }, log)],
    });
    servers.push(server);
    return { server, lines };
  }

  const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it('in enforce mode refuses an unknown operation with QUERY_NOT_IN_SAFELIST and HTTP 403', async () => {
    const { server } = serve('enforce');
    const response = await server.executeOperation({ query: '{ tags }' });
    expect(response.http.status).toBe(403);
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] },
    });
  });

  it('in enforce mode serves a trusted document sent as text, reformatted or not', async () => {
    const { server } = serve('enforce');
    for (const query of [PRODUCT_QUERY, PRODUCT_QUERY.replaceAll('\n', ' ')]) {
      const response = await server.executeOperation({ query, variables: { id: 'p-1' } });
      expect(response.body).toMatchObject({
        singleResult: { data: { product: { id: 'p-1', name: 'Lamp' } } },
      });
    }
  });

  it('serves a trusted document from its hash alone, exact or normalized', async () => {
    const { server } = serve('enforce');
    for (const hash of [sha256Hex(PRODUCT_QUERY), sha256Hex(normalizeDocument(PRODUCT_QUERY))]) {
      const response = await server.executeOperation({
        variables: { id: 'p-2' },
        extensions: persisted(hash),
      });
      expect(response.body).toMatchObject({ singleResult: { data: { product: { id: 'p-2' } } } });
    }
  });

  it('answers an unknown hash as a persisted-query miss', async () => {
    const { server } = serve('enforce');
    const response = await server.executeOperation({ extensions: persisted(sha256Hex('{ tags }')) });
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    });
  });

  it('in report mode serves unknown operations, logs each once, and keeps ordinary APQ working', async () => {
    const { server, lines } = serve('report', new InMemoryLRUCache<string>());
    const query = '{ tags }';
    const registered = await server.executeOperation({ query, extensions: persisted(sha256Hex(query)) });
    expect(registered.body).toMatchObject({ singleResult: { data: { tags: ['x'] } } });
    const replayed = await server.executeOperation({ extensions: persisted(sha256Hex(query)) });
    expect(replayed.body).toMatchObject({ singleResult: { data: { tags: ['x'] } } });
    const warnings = lines.filter((line) => line.queryHash === sha256Hex(query));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40 });
  });

  it('in off mode checks nothing', async () => {
    const { server, lines } = serve('off');
    const response = await server.executeOperation({ query: '{ tags }' });
    expect(response.body).toMatchObject({ singleResult: { data: { tags: ['x'] } } });
    expect(lines).toHaveLength(0);
  });
});
