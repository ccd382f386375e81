import { describe, expect, it } from 'vitest';
import { resolveUrlOverrides } from '../../../../gateway/src/config/core-config.js';

describe('resolveUrlOverrides', () => {
  it('matches override names to subgraph names and refuses one that matches none', () => {
    expect(resolveUrlOverrides({ PRICE_SVC: 'http://p' }, ['product', 'price-svc'])).toEqual({
      'price-svc': 'http://p',
    });
    expect(() => resolveUrlOverrides({ BILLING: 'http://b' }, ['product'])).toThrow(
      'SUBGRAPH_URL_BILLING: the supergraph has no such subgraph (it has product)',
    );
  });

  it('takes a subgraph name as a key as well as its token', () => {
    expect(
      resolveUrlOverrides({ 'price-svc': 'http://p', PRODUCT: 'http://q' }, ['product', 'price-svc']),
    ).toEqual({ 'price-svc': 'http://p', product: 'http://q' });
  });
});
