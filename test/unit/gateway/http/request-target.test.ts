import { describe, expect, it } from 'vitest';
import { requestTarget } from '../../../../gateway/src/http/gateway-http-server.js';

describe('requestTarget', () => {
  it('reads path and query as URL normalises them, the GraphQL path itself included', () => {
    for (const raw of [
      '/graphql',
      '/graphql?query=%7B__typename%7D',
      '/graphql/',
      '/a/../graphql',
      '/%67raphql',
      '/',
    ]) {
      const { pathname, search } = new URL(raw, 'http://localhost');
      expect(requestTarget(raw)).toMatchObject({ pathname, search });
    }
    expect(requestTarget(undefined)).toMatchObject({ pathname: '/', search: '' });
  });
});
