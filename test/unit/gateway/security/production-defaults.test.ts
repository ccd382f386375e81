import { ApolloServer, HeaderMap } from '@apollo/server';
import { afterAll, describe, expect, it } from 'vitest';
import {
  landingPagePlugin,
  productionDefaults,
} from '../../../../gateway/src/security/production-defaults.js';

const base = { MAX_BODY_BYTES: 1_000_000, BODY_TIMEOUT_MS: 10_000 };

describe('productionDefaults', () => {
  it('turns off introspection, the landing page, stack traces and internal messages in production', () => {
    expect(productionDefaults({ ...base, NODE_ENV: 'production' })).toEqual({
      production: true,
      introspection: false,
      includeStacktraceInErrorResponses: false,
      maskInternalErrors: true,
      hideSchemaDetailsFromClientErrors: true,
      csrfPrevention: true,
      landingPage: false,
      maxBodyBytes: 1_000_000,
      bodyTimeoutMs: 10_000,
    });
  });

  it('keeps development conveniences outside production, with CSRF prevention and body limits on', () => {
    expect(productionDefaults({ ...base, NODE_ENV: 'development' })).toMatchObject({
      introspection: true,
      includeStacktraceInErrorResponses: true,
      maskInternalErrors: false,
      landingPage: true,
      csrfPrevention: true,
      maxBodyBytes: 1_000_000,
    });
  });

  it('lets introspection and the landing page be switched explicitly', () => {
    const settings = productionDefaults({
      ...base,
      NODE_ENV: 'production',
      INTROSPECTION: true,
      LANDING_PAGE: true,
    });
    expect(settings).toMatchObject({ introspection: true, landingPage: true, maskInternalErrors: true });
    expect(productionDefaults({ ...base, NODE_ENV: 'test', INTROSPECTION: false }).introspection).toBe(false);
  });
});

describe('landingPagePlugin', () => {
  const servers: ApolloServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  async function browse(landingPage: boolean) {
    const server = new ApolloServer({
      typeDefs: 'type Query { a: Int }',
      plugins: [landingPagePlugin({ landingPage })],
    });
    servers.push(server);
    await server.start();
    return server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'GET',
        headers: new HeaderMap([['accept', 'text/html']]),
        search: '',
        body: undefined,
      },
      context: async () => ({}),
    });
  }

  it('serves no landing page when disabled', async () => {
    const response = await browse(false);
    expect(response.headers.get('content-type')).not.toBe('text/html');
  });

  it('serves Apollo Sandbox when enabled', async () => {
    const response = await browse(true);
    expect(response.headers.get('content-type')).toBe('text/html');
  });
});
