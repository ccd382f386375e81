import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WORKER_PROCESSES } from '../../../../gateway/src/config/core-config.js';
import { gatewayConfig, loadGatewayConfig } from '../../../../gateway/src/config/gateway-config.js';
import { defaultSubgraphSettings } from '../../../../gateway/src/config/upstream-config.js';

describe('loadGatewayConfig', () => {
  it('defaults to the repository supergraph file, port 4000 and development settings', () => {
    const config = loadGatewayConfig({});
    expect(config.core.port).toBe(4000);
    expect(config.core.supergraph).toMatchObject({ kind: 'file' });
    expect(config.core.supergraph.kind === 'file' && config.core.supergraph.path).toMatch(
      /schema\/supergraph\.graphql$/,
    );
    expect(config).toMatchObject({
      core: { planCacheSize: 1000, corsOrigins: [] },
      observability: { queryPlanExposure: 'on-request' },
      cache: {
        redisUrl: undefined,
        persistedQueries: { ttlSeconds: 86_400, redisKeyPrefix: 'hexagraph:gateway:', redisTimeoutMs: 200 },
      },
    });
    expect(config.security.production).toMatchObject({
      production: false,
      introspection: true,
      landingPage: { mode: 'sandbox', sandboxTelemetry: false },
      maskInternalErrors: false,
    });
  });

  it('hardens production: no introspection, landing page, schema hints or internal messages unless asked for', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).security.production).toMatchObject({
      introspection: false,
      landingPage: { mode: 'off' },
      hideSchemaDetailsFromClientErrors: true,
      maskInternalErrors: true,
      csrfPrevention: true,
    });
    expect(
      loadGatewayConfig({ NODE_ENV: 'production', INTROSPECTION: 'true', LANDING_PAGE: 'local' }).security
        .production,
    ).toMatchObject({ introspection: true, landingPage: { mode: 'local' } });
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).observability.queryPlanExposure).toBe('never');
  });

  it('reads the landing page as sandbox, local or off, and the old true and false as sandbox and off', () => {
    const mode = (value: string) =>
      loadGatewayConfig({ LANDING_PAGE: value }).security.production.landingPage.mode;
    expect([mode('sandbox'), mode('local'), mode('off')]).toEqual(['sandbox', 'local', 'off']);
    expect([mode('true'), mode('yes'), mode('1')]).toEqual(['sandbox', 'sandbox', 'sandbox']);
    expect([mode('false'), mode('no'), mode('0')]).toEqual(['off', 'off', 'off']);
    expect(() => loadGatewayConfig({ LANDING_PAGE: 'graphiql' })).toThrow(
      /LANDING_PAGE: must be one of sandbox, local, off \(true and false still mean sandbox and off\) \(got "graphiql"\)/,
    );
    expect(loadGatewayConfig({}).security.production.landingPage.sandboxTelemetry).toBe(false);
    expect(
      loadGatewayConfig({ SANDBOX_TELEMETRY: 'true' }).security.production.landingPage.sandboxTelemetry,
    ).toBe(true);
  });

  it('answers the query plan headers outside production unless told otherwise, and folds QUERY_PLAN_DEBUG in', () => {
    const exposure = (environment: Record<string, string>) =>
      loadGatewayConfig(environment).observability.queryPlanExposure;
    expect(exposure({})).toBe('on-request');
    expect(exposure({ EXPOSE_QUERY_PLAN: 'false' })).toBe('never');
    expect(exposure({ NODE_ENV: 'production', EXPOSE_QUERY_PLAN: 'true' })).toBe('on-request');
    expect(exposure({ EXPOSE_QUERY_PLAN: 'always' })).toBe('always');
    expect(exposure({ QUERY_PLAN_DEBUG: 'true' })).toBe('always');
    expect(exposure({ NODE_ENV: 'production', QUERY_PLAN_DEBUG: 'true' })).toBe('always');
    expect(exposure({ QUERY_PLAN_DEBUG: 'false' })).toBe('on-request');
    expect(() => loadGatewayConfig({ EXPOSE_QUERY_PLAN: 'sometimes' })).toThrow(
      /EXPOSE_QUERY_PLAN: must be one of auto, true, false, always \(got "sometimes"\)/,
    );
    expect(() => loadGatewayConfig({ QUERY_PLAN_DEBUG: 'true', EXPOSE_QUERY_PLAN: 'false' })).toThrow(
      /QUERY_PLAN_DEBUG: true puts the plan in every response, which EXPOSE_QUERY_PLAN=false forbids/,
    );
  });

  it('reads the security settings with the gateway settings', () => {
    const { security } = loadGatewayConfig({
      MAX_DEPTH: '8',
      MAX_BATCH_SIZE: '3',
      RATE_LIMIT_BURST: '5',
      MAX_BODY_BYTES: '2048',
      HEADER_RULES: '{"subgraphs":{"product":{"allow":["authorization"]}}}',
    });
    expect(security.limits.maxDepth).toBe(8);
    expect(security.maxBatchSize).toBe(3);
    expect(security.rateLimit?.capacity).toBe(5);
    expect(security.production.maxBodyBytes).toBe(2048);
    expect(security.headerRules.subgraphs.product?.allow).toEqual(['authorization']);
  });

  it('finds the trusted documents in the repository by default, and a given folder from the working directory', () => {
    expect(loadGatewayConfig({}).security.trustedDocuments.directory).toBe(
      join(import.meta.dirname, '..', '..', '..', '..', 'schema', 'operations'),
    );
    expect(
      loadGatewayConfig({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_DIR: 'ops' }).security
        .trustedDocuments,
    ).toEqual({ mode: 'enforce', directory: resolve('ops') });
  });

  it('prefixes the rate-limit and persisted-query keys with REDIS_NAMESPACE unless their own prefixes are set', () => {
    const config = loadGatewayConfig({ REDIS_NAMESPACE: 'stack-b' });
    expect(config.cache.redisNamespace).toBe('stack-b');
    expect(config.cache.persistedQueries.redisKeyPrefix).toBe('stack-b:gateway:');
    expect(config.security.rateLimit?.redisKeyPrefix).toBe('stack-b:rate:');

    const explicit = loadGatewayConfig({
      REDIS_NAMESPACE: 'stack-b',
      PERSISTED_QUERIES_REDIS_PREFIX: 'apq:',
      RATE_LIMIT_REDIS_PREFIX: 'buckets:',
    });
    expect(explicit.cache.persistedQueries.redisKeyPrefix).toBe('apq:');
    expect(explicit.security.rateLimit?.redisKeyPrefix).toBe('buckets:');
    expect(loadGatewayConfig({}).security.rateLimit?.redisKeyPrefix).toBe('hexagraph:rate:');
    expect(() => loadGatewayConfig({ REDIS_NAMESPACE: 'two words' })).toThrow(
      /REDIS_NAMESPACE: must be 1 to 64/,
    );
  });

  it('keeps shared state in a Redis Cluster when REDIS_CLUSTER_NODES is set', () => {
    expect(
      loadGatewayConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7001' }).cache.redisCluster,
    ).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      tls: false,
    });
    expect(loadGatewayConfig({}).cache.redisCluster).toBeUndefined();
    expect(() => loadGatewayConfig({ REDIS_CLUSTER_NODES: 'http://a:1' })).toThrow(/REDIS_CLUSTER_NODES: /);
  });

  it('keeps persisted queries in Redis when REDIS_URL is set, for as long as asked', () => {
    const config = loadGatewayConfig({
      REDIS_URL: 'redis://cache:6379/2',
      PERSISTED_QUERIES_TTL_SECONDS: '0',
      PERSISTED_QUERIES_REDIS_TIMEOUT_MS: '50',
    });
    expect(config.cache.redisUrl).toBe('redis://cache:6379/2');
    expect(config.cache.persistedQueries).toMatchObject({ ttlSeconds: null, redisTimeoutMs: 50 });
    expect(loadGatewayConfig({ REDIS_URL: '' }).cache.redisUrl).toBeUndefined();
    expect(() => loadGatewayConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it('reads the share of requests each progressive override label is enabled for', () => {
    expect(loadGatewayConfig({}).core.overrideLabelShares).toEqual({});
    expect(
      loadGatewayConfig({ OVERRIDE_LABEL_SHARES: 'percent(30)=50, beta=100,gamma=0.5' }).core
        .overrideLabelShares,
    ).toEqual({ 'percent(30)': 50, beta: 100, gamma: 0.5 });
    expect(() => loadGatewayConfig({ OVERRIDE_LABEL_SHARES: 'beta=150,gamma,beta=1,beta=2' })).toThrow(
      /OVERRIDE_LABEL_SHARES: the share of "beta" must be from 0 to 100 \(got 150\)[\s\S]*"gamma" is not label=percent[\s\S]*label "beta" is listed twice/,
    );
  });

  it('reads subgraph URLs to compose from, and per-subgraph URL overrides', () => {
    const config = loadGatewayConfig({
      SUBGRAPH_URLS: 'product=http://localhost:4001/graphql, pricing=http://localhost:4003/graphql',
      SUBGRAPH_URL_PRICE_SVC: 'http://pricing:4003/graphql',
      QUERY_PLAN_DEBUG: 'true',
      CORS_ORIGINS: 'https://shop.example, https://admin.example',
    });
    expect(config.core.supergraph).toEqual({
      kind: 'subgraphs',
      subgraphs: [
        { name: 'product', url: 'http://localhost:4001/graphql' },
        { name: 'pricing', url: 'http://localhost:4003/graphql' },
      ],
      timeoutMs: 5000,
    });
    expect(config.core.subgraphUrlOverrides).toEqual({ PRICE_SVC: 'http://pricing:4003/graphql' });
    expect(config.observability.queryPlanExposure).toBe('always');
    expect(config.core.corsOrigins).toEqual(['https://shop.example', 'https://admin.example']);
  });

  it('serves /metrics and the detailed /readyz on an admin port in production only, unless told otherwise', () => {
    expect(loadGatewayConfig({}).core.admin).toBeUndefined();
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).core.admin).toEqual({ port: 9400, host: '0.0.0.0' });
    expect(loadGatewayConfig({ NODE_ENV: 'production', PORT: '0' }).core.admin).toEqual({
      port: 0,
      host: '0.0.0.0',
    });
    expect(
      loadGatewayConfig({ NODE_ENV: 'production', HOST: '10.0.0.5', ADMIN_PORT: '9500' }).core.admin,
    ).toEqual({ port: 9500, host: '10.0.0.5' });
    expect(loadGatewayConfig({ ADMIN_PORT: '9500', ADMIN_HOST: '127.0.0.1' }).core.admin).toEqual({
      port: 9500,
      host: '127.0.0.1',
    });
    expect(loadGatewayConfig({ NODE_ENV: 'production', ADMIN_PORT: 'off' }).core.admin).toBeUndefined();
    expect(() => loadGatewayConfig({ ADMIN_PORT: 'metrics' })).toThrow(
      /ADMIN_PORT: "metrics" is neither a port \(0-65535\) nor off/,
    );
    expect(() => loadGatewayConfig({ ADMIN_PORT: '4000' })).toThrow(/ADMIN_PORT: 4000 is also PORT/);
    expect(gatewayConfig({ core: { nodeEnv: 'production', port: 0 } }).core.admin).toMatchObject({ port: 0 });
  });

  it('serves from one process unless WORKER_PROCESSES asks for more, or for one per CPU', () => {
    expect(loadGatewayConfig({}).core.workerProcesses).toBe(1);
    expect(loadGatewayConfig({ WORKER_PROCESSES: '4' }).core.workerProcesses).toBe(4);
    expect(loadGatewayConfig({ WORKER_PROCESSES: ' Auto ' }).core.workerProcesses).toBe(
      Math.min(availableParallelism(), MAX_WORKER_PROCESSES),
    );
    for (const bad of ['0', '-2', '1.5', 'many', String(MAX_WORKER_PROCESSES + 1)]) {
      expect(() => loadGatewayConfig({ WORKER_PROCESSES: bad })).toThrow(
        `WORKER_PROCESSES: "${bad}" is neither a count from 1 to ${MAX_WORKER_PROCESSES} nor auto (one per CPU)`,
      );
    }
  });

  it('names every bad variable', () => {
    expect(() =>
      loadGatewayConfig({
        PORT: 'eighty',
        SUBGRAPH_URLS: 'product',
        SUBGRAPH_URL_PRICING: 'not a url',
        PLAN_CACHE_SIZE: '0',
        MAX_DEPTH: 'deep',
      }),
    ).toThrow(
      /PORT: must be a port number[\s\S]*PLAN_CACHE_SIZE: must be > 0[\s\S]*MAX_DEPTH: must be a number/,
    );
    expect(() => loadGatewayConfig({ SUBGRAPH_URLS: 'product', SUBGRAPH_URL_PRICING: 'not a url' })).toThrow(
      /SUBGRAPH_URLS: "product" is not name=url[\s\S]*SUBGRAPH_URL_PRICING: must be a URL/,
    );
  });
});

describe('gatewayConfig', () => {
  it('is the tree an empty environment gives, without overrides', () => {
    expect(gatewayConfig()).toEqual(loadGatewayConfig({}));
  });

  it('changes only what the overrides name, at any depth', () => {
    const config = gatewayConfig({
      core: { port: 0 },
      upstream: {
        timeoutMs: 100,
        subgraphs: { pricing: { retryMaxAttempts: 0 } },
        deadline: { defaultMs: 500 },
      },
      security: { limits: { maxDepth: 4 } },
    });

    expect(config.core).toMatchObject({ port: 0, host: '0.0.0.0', planCacheSize: 1000 });
    expect(config.upstream).toMatchObject({
      ...defaultSubgraphSettings,
      timeoutMs: 100,
      subgraphs: { pricing: { retryMaxAttempts: 0 } },
      deadline: { defaultMs: 500, maxMs: 30_000 },
    });
    expect(config.security.limits).toMatchObject({ maxDepth: 4, maxTokens: 30_000 });
  });

  it('replaces lists and a supergraph source of another kind, and clears what is set to undefined', () => {
    const subgraphs = {
      kind: 'subgraphs' as const,
      subgraphs: [{ name: 'a', url: 'http://a' }],
      timeoutMs: 50,
    };
    const config = gatewayConfig({
      core: { corsOrigins: ['https://shop.example'], supergraph: subgraphs },
      security: { rateLimit: undefined },
    });

    expect(config.core.corsOrigins).toEqual(['https://shop.example']);
    expect(config.core.supergraph).toEqual(subgraphs);
    expect(config.security.rateLimit).toBeUndefined();
  });

  it('takes the production defaults when asked for production, overrides still winning', () => {
    expect(gatewayConfig({ core: { nodeEnv: 'production' } }).security.production).toMatchObject({
      production: true,
      introspection: false,
      maskInternalErrors: true,
    });
    expect(
      gatewayConfig({ core: { nodeEnv: 'production' }, security: { production: { introspection: true } } })
        .security.production,
    ).toMatchObject({ introspection: true, landingPage: { mode: 'off' } });
  });
});
