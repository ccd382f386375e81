import { HeaderMap } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import {
  buildSubgraphHeaders,
  checkHeaderRulesSubgraphs,
  headerRulesEnv,
  noHeaderRules,
  parseHeaderRules,
} from '../../../../gateway/src/security/header-rules.js';
import { ConfigError, parseEnv } from '../../../../platform/config.js';

const EXAMPLE = JSON.stringify({
  all: { allow: ['accept-language'] },
  subgraphs: {
    product: {
      allow: ['Authorization'],
      rename: { 'x-tenant': 'x-tenant-id' },
      set: { 'x-gateway': 'hexagraph' },
    },
  },
});

const own = { traceparent: '00-abc-def-01', 'x-request-id': 'req-1', 'x-request-budget-ms': '900' };

function messageOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('buildSubgraphHeaders', () => {
  const rules = parseHeaderRules(EXAMPLE);
  const client = {
    authorization: 'Bearer t',
    'accept-language': 'de',
    'x-tenant': 'acme',
    'x-unknown': 'nope',
    cookie: 'session=1',
    connection: 'keep-alive',
    traceparent: '00-client-forged-01',
    'x-request-id': 'forged',
  };

  it('forwards what the subgraph rule and the shared rule allow, renamed and with fixed values', () => {
    expect(buildSubgraphHeaders(rules, 'product', client, own)).toEqual({
      authorization: 'Bearer t',
      'accept-language': 'de',
      'x-tenant-id': 'acme',
      'x-gateway': 'hexagraph',
      ...own,
    });
  });

  it('sends another subgraph only the shared rule and the gateway headers', () => {
    expect(buildSubgraphHeaders(rules, 'pricing', client, own)).toEqual({ 'accept-language': 'de', ...own });
  });

  it('always sends the gateway its own headers, never the client values', () => {
    const headers = buildSubgraphHeaders(noHeaderRules, 'product', client, own);
    expect(headers).toEqual(own);
  });

  it('drops a header the client marked as hop-by-hop in Connection, even when allowed', () => {
    const headers = buildSubgraphHeaders(rules, 'product', { ...client, connection: 'Authorization' }, own);
    expect(headers.authorization).toBeUndefined();
  });

  it('joins repeated values and reads Apollo HeaderMaps', () => {
    expect(buildSubgraphHeaders(rules, 'pricing', { 'accept-language': ['de', 'en'] }, {})).toEqual({
      'accept-language': 'de, en',
    });
    const map = new HeaderMap([['accept-language', 'fr']]);
    expect(buildSubgraphHeaders(rules, 'pricing', map, {})).toEqual({ 'accept-language': 'fr' });
  });

  it('ignores a subgraph named like an object property', () => {
    expect(buildSubgraphHeaders(rules, 'constructor', client, {})).toEqual({ 'accept-language': 'de' });
  });
});

describe('parseHeaderRules', () => {
  it('treats unset or blank as no rules', () => {
    expect(parseHeaderRules(undefined)).toEqual(noHeaderRules);
    expect(parseHeaderRules('  ')).toEqual(noHeaderRules);
  });

  it('lower-cases header names', () => {
    const rules = parseHeaderRules(
      '{"all":{"allow":["X-Trace-Me"],"set":{"X-Static":"1"},"rename":{"X-A":"X-B"}}}',
    );
    expect(rules.all).toEqual({ allow: ['x-trace-me'], set: { 'x-static': '1' }, rename: { 'x-a': 'x-b' } });
  });

  it('names the path of a bad header name', () => {
    const message = messageOf(() =>
      parseHeaderRules('{"subgraphs":{"product":{"allow":["ok","bad header"]}}}'),
    );
    expect(message).toContain('HEADER_RULES.subgraphs.product.allow[1]: must be an HTTP header name');
  });

  it('refuses hop-by-hop headers and the gateway headers', () => {
    expect(messageOf(() => parseHeaderRules('{"all":{"allow":["Transfer-Encoding"]}}'))).toContain(
      'HEADER_RULES.all.allow[0]: is a hop-by-hop or transport header',
    );
    expect(messageOf(() => parseHeaderRules('{"all":{"set":{"x-request-id":"1"}}}'))).toContain(
      'HEADER_RULES.all.set.x-request-id: is set by the gateway itself',
    );
    expect(messageOf(() => parseHeaderRules('{"all":{"rename":{"cookie":"traceparent"}}}'))).toContain(
      'HEADER_RULES.all.rename.cookie: is set by the gateway itself',
    );
  });

  it('refuses line breaks in fixed values, unknown keys and malformed JSON', () => {
    expect(messageOf(() => parseHeaderRules('{"all":{"set":{"x-a":"1\\r\\nx-b: 2"}}}'))).toContain(
      'HEADER_RULES.all.set.x-a: must be a header value without line breaks',
    );
    expect(messageOf(() => parseHeaderRules('{"all":{"alow":["a"]}}'))).toContain('HEADER_RULES.all');
    expect(messageOf(() => parseHeaderRules('{"all":'))).toContain('HEADER_RULES: must be JSON');
  });

  it('reports through parseEnv with the variable and the path', () => {
    const message = messageOf(() =>
      parseEnv({ HEADER_RULES: headerRulesEnv() }, { HEADER_RULES: '{"subgraphs":{"p":{"allow":[1]}}}' }),
    );
    expect(message).toContain('HEADER_RULES: subgraphs.p.allow[0]');
    expect(parseEnv({ HEADER_RULES: headerRulesEnv() }, {}).HEADER_RULES).toEqual(noHeaderRules);
  });
});

describe('checkHeaderRulesSubgraphs', () => {
  it('refuses rules for a subgraph the supergraph does not have', () => {
    const rules = parseHeaderRules(EXAMPLE);
    expect(() => checkHeaderRulesSubgraphs(rules, ['product', 'pricing'])).not.toThrow();
    expect(messageOf(() => checkHeaderRulesSubgraphs(rules, ['inventory', 'pricing']))).toContain(
      'HEADER_RULES.subgraphs.product: no such subgraph (the supergraph has inventory, pricing)',
    );
  });
});
