import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, resolveUrlOverrides } from '../../../gateway/src/config.js';

describe('loadGatewayConfig', () => {
  it('defaults to the repository supergraph file, port 4000 and development settings', () => {
    const config = loadGatewayConfig({});
    expect(config.port).toBe(4000);
    expect(config.supergraph).toMatchObject({ kind: 'file' });
    expect(config.supergraph.kind === 'file' && config.supergraph.path).toMatch(
      /schema\/supergraph\.graphql$/,
    );
    expect(config).toMatchObject({
      planCacheSize: 1000,
      exposeQueryPlan: false,
      introspection: true,
      landingPage: true,
      production: false,
      corsOrigins: [],
    });
  });

  it('turns introspection and the landing page off in production unless asked for', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' })).toMatchObject({
      introspection: false,
      landingPage: false,
    });
    expect(
      loadGatewayConfig({ NODE_ENV: 'production', INTROSPECTION: 'true', LANDING_PAGE: 'yes' }),
    ).toMatchObject({
      introspection: true,
      landingPage: true,
    });
  });

  it('reads subgraph URLs to compose from, and per-subgraph URL overrides', () => {
    const config = loadGatewayConfig({
      SUBGRAPH_URLS: 'product=http://localhost:4001/graphql, pricing=http://localhost:4003/graphql',
      SUBGRAPH_URL_PRICE_SVC: 'http://pricing:4003/graphql',
      QUERY_PLAN_DEBUG: 'true',
      CORS_ORIGINS: 'https://shop.example, https://admin.example',
    });
    expect(config.supergraph).toEqual({
      kind: 'subgraphs',
      subgraphs: [
        { name: 'product', url: 'http://localhost:4001/graphql' },
        { name: 'pricing', url: 'http://localhost:4003/graphql' },
      ],
      timeoutMs: 5000,
    });
    expect(config.subgraphUrlOverrides).toEqual({ PRICE_SVC: 'http://pricing:4003/graphql' });
    expect(config.exposeQueryPlan).toBe(true);
    expect(config.corsOrigins).toEqual(['https://shop.example', 'https://admin.example']);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadGatewayConfig({
        PORT: 'eighty',
        SUBGRAPH_URLS: 'product',
        SUBGRAPH_URL_PRICING: 'not a url',
        PLAN_CACHE_SIZE: '0',
      }),
    ).toThrow(/PORT: must be a port number[\s\S]*PLAN_CACHE_SIZE: must be > 0/);
    expect(() => loadGatewayConfig({ SUBGRAPH_URLS: 'product', SUBGRAPH_URL_PRICING: 'not a url' })).toThrow(
      /SUBGRAPH_URLS: "product" is not name=url[\s\S]*SUBGRAPH_URL_PRICING: must be a URL/,
    );
  });
});

describe('resolveUrlOverrides', () => {
  it('matches override names to subgraph names and refuses one that matches none', () => {
    expect(resolveUrlOverrides({ PRICE_SVC: 'http://p' }, ['product', 'price-svc'])).toEqual({
      'price-svc': 'http://p',
    });
    expect(() => resolveUrlOverrides({ BILLING: 'http://b' }, ['product'])).toThrow(
      'SUBGRAPH_URL_BILLING: the supergraph has no such subgraph (it has product)',
    );
  });
});
