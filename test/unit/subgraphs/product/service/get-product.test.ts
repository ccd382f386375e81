import { beforeAll, describe, expect, it } from 'vitest';
import { aProductApp } from '../../../../helpers/product-builders.js';

describe('GetProduct', () => {
  let app: ReturnType<typeof aProductApp>;
  beforeAll(() => {
    app = aProductApp({ seed: true });
  });

  it('reads a seeded product', async () => {
    const product = await app.useCases.getProduct.execute({ id: 'p-0001' });
    expect(product.toSnapshot()).toMatchObject({ id: 'p-0001', createdAt: '2026-01-01T00:01:00.000Z' });
  });

  it('answers NOT_FOUND naming the id', async () => {
    await expect(app.useCases.getProduct.execute({ id: 'p-9999' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
      message: expect.stringContaining('"p-9999"'),
    });
  });

  it('answers BAD_USER_INPUT for a blank id', async () => {
    await expect(app.useCases.getProduct.execute({ id: ' ' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
  });

  it('answers BAD_USER_INPUT for an id with surrounding spaces, as every subgraph does', async () => {
    await expect(app.useCases.getProduct.execute({ id: ' p-0001' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
      message: expect.stringContaining('must not start or end with spaces'),
    });
  });
});
