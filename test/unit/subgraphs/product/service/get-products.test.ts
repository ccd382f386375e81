import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryProductRepository } from '../../../../../subgraphs/product/adapters/memory-product-repository.js';
import { aProductApp } from '../../../../helpers/product-builders.js';

describe('GetProducts', () => {
  let app: ReturnType<typeof aProductApp>;
  beforeAll(() => {
    app = aProductApp({ seed: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers in the order asked, undefined where no product exists, with one repository call', async () => {
    const getMany = vi.spyOn(MemoryProductRepository.prototype, 'getMany');

    const found = await app.useCases.getProducts.execute({
      ids: ['p-0003', 'missing', 'p-0001', '', 'p-0003'],
    });

    expect(found.map((product) => product?.id)).toEqual(['p-0003', undefined, 'p-0001', undefined, 'p-0003']);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledWith(['p-0003', 'missing', 'p-0001', 'p-0003']);
  });

  it('does not touch the repository when no id is usable', async () => {
    const getMany = vi.spyOn(MemoryProductRepository.prototype, 'getMany');

    expect(await app.useCases.getProducts.execute({ ids: ['', '  '] })).toEqual([undefined, undefined]);
    expect(getMany).not.toHaveBeenCalled();
  });
});
