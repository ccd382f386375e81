import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';
import { catalogFederation } from './catalog-fixture.js';

const suspended = () => new UpstreamError('CIRCUIT_OPEN', 'Calls to inventory are suspended.', 'inventory');

describe('errors of a failed subgraph call', () => {
  it('reports the first 10 paths one by one and folds the rest into one error that counts them', async () => {
    const federation = catalogFederation(29);
    const failure = suspended();
    federation.client.failWhen((subgraph) => (subgraph === 'inventory' ? failure : undefined));

    const result = await federation.run('{ products(first: 30) { id inStock inventory { available } } }');

    // Both fields are non-null in a non-null list: the nulls reach the root, with no error of their own.
    expect(result.data).toBeNull();
    const errors = result.errors?.map((error) => error.toJSON()) ?? [];
    expect(errors).toHaveLength(11);
    expect(errors.slice(0, 10).map((error) => error.path)).toEqual(
      [0, 0, 1, 1, 2, 2, 3, 3, 4, 4].map((index, order) => [
        'products',
        index,
        order % 2 === 0 ? 'inStock' : 'inventory',
      ]),
    );
    expect(errors[10]).toEqual({
      message: 'Calls to inventory are suspended.',
      path: ['products', 5, 'inStock'],
      extensions: { code: 'CIRCUIT_OPEN', serviceName: 'inventory', foldedPaths: 50 },
    });
  });
});
