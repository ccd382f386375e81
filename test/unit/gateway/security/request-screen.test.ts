import { describe, expect, it } from 'vitest';
import { defaultOperationLimits } from '../../../../gateway/src/config/security-config.js';
import { checkContentType, screenGraphQLRequest } from '../../../../gateway/src/security/request-screen.js';
import { TrustedDocumentStore } from '../../../../gateway/src/security/trusted-document-store.js';

const settings = { limits: defaultOperationLimits, maxBatchSize: 2 };
const deep = `{${'a{'.repeat(1_000)}b${'}'.repeat(1_000)}}`;

describe('screenGraphQLRequest', () => {
  it('lets an ordinary POST through', () => {
    const body = { query: 'query($id: ID!) { product(id: $id) { id } }', variables: { id: 'p-1' } };
    expect(screenGraphQLRequest({ method: 'POST', search: '', body }, settings)).toBeUndefined();
  });

  it('refuses a deep POST operation with HTTP 400 before parsing', () => {
    const refusal = screenGraphQLRequest({ method: 'POST', search: '', body: { query: deep } }, settings);
    expect(refusal).toMatchObject({ status: 400, error: { extensions: { code: 'OPERATION_TOO_DEEP' } } });
  });

  it('reads GET operations and their variables from the query string', () => {
    const search = `?${new URLSearchParams({ query: deep })}`;
    expect(
      screenGraphQLRequest({ method: 'GET', search, body: undefined }, settings)?.error.extensions?.code,
    ).toBe('OPERATION_TOO_DEEP');
    const variables = JSON.stringify({ s: 'x'.repeat(200_000) });
    const withVariables = `?${new URLSearchParams({ query: '{ tags }', variables })}`;
    expect(
      screenGraphQLRequest({ method: 'GET', search: withVariables, body: undefined }, settings)?.error
        .extensions?.code,
    ).toBe('VARIABLES_STRING_TOO_LONG');
  });

  it('checks the batch size first, then every operation in the batch', () => {
    const many = Array.from({ length: 10_000 }, () => ({ query: '{ tags }' }));
    expect(
      screenGraphQLRequest({ method: 'POST', search: '', body: many }, settings)?.error.extensions?.code,
    ).toBe('BATCH_TOO_LARGE');
    const second = [{ query: '{ tags }' }, { query: deep }];
    expect(
      screenGraphQLRequest({ method: 'POST', search: '', body: second }, settings)?.error.extensions?.code,
    ).toBe('OPERATION_TOO_DEEP');
  });

  it('refuses variables nested 10,000 levels deep', () => {
    const variables = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
    const body = { query: '{ tags }', variables: { input: variables } };
    expect(screenGraphQLRequest({ method: 'POST', search: '', body }, settings)?.error.extensions?.code).toBe(
      'VARIABLES_TOO_DEEP',
    );
  });

  it('in enforce mode refuses untrusted text with HTTP 403 and lets trusted text through', () => {
    const store = new TrustedDocumentStore();
    store.add('query Tags { tags }', 'tags.graphql');
    const enforcing = { ...settings, trustedDocuments: { store, mode: 'enforce' as const } };
    expect(
      screenGraphQLRequest(
        { method: 'POST', search: '', body: { query: 'query Tags {\n  tags\n}' } },
        enforcing,
      ),
    ).toBeUndefined();
    const refusal = screenGraphQLRequest({ method: 'POST', search: '', body: { query: deep } }, enforcing);
    expect(refusal).toMatchObject({ status: 403, error: { extensions: { code: 'QUERY_NOT_IN_SAFELIST' } } });
  });

  it('leaves a hash-only persisted query to Apollo Server', () => {
    const body = { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } };
    expect(screenGraphQLRequest({ method: 'POST', search: '', body }, settings)).toBeUndefined();
  });
});

describe('checkContentType', () => {
  it('accepts JSON POSTs and any GET', () => {
    expect(checkContentType('POST', 'application/json')).toBeUndefined();
    expect(checkContentType('POST', 'Application/JSON; charset=utf-8')).toBeUndefined();
    expect(checkContentType('POST', 'application/graphql-response+json')).toBeUndefined();
    expect(checkContentType('GET', undefined)).toBeUndefined();
  });

  it('refuses other POST bodies with HTTP 415', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      undefined,
    ]) {
      expect(checkContentType('POST', type)).toMatchObject({
        status: 415,
        error: { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
      });
    }
  });
});
