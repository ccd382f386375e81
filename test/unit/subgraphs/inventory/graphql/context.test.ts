import { describe, expect, it } from 'vitest';
import type { RequestScope } from '../../../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../../../platform/logger.js';
import { ProductInventory } from '../../../../../subgraphs/inventory/domain/product-inventory.js';
import { createInventoryContext } from '../../../../../subgraphs/inventory/graphql/context.js';
import { GetInventory } from '../../../../../subgraphs/inventory/service/get-inventory.js';

const scope: RequestScope = {
  requestId: 'req-1',
  log: silentLogger(),
  signal: new AbortController().signal,
  headers: {},
};

function countingGetInventory() {
  const batches: (readonly string[])[] = [];
  const getInventory = new GetInventory({
    getMany: async (productIds) => {
      batches.push(productIds);
      return productIds.map((productId) => new ProductInventory(productId, []));
    },
  });
  return { getInventory, batches };
}

describe('createInventoryContext', () => {
  it('batches the loads of one tick into one lookup, each id once', async () => {
    const { getInventory, batches } = countingGetInventory();
    const context = createInventoryContext(scope, getInventory);
    const loaded = await Promise.all(['p-1', 'p-2', 'p-1', 'p-3'].map((id) => context.inventory.load(id)));
    expect(loaded.map((inventory) => inventory.productId)).toEqual(['p-1', 'p-2', 'p-1', 'p-3']);
    expect(batches).toEqual([['p-1', 'p-2', 'p-3']]);
    expect(context.requestId).toBe('req-1');
  });

  it('gives every request its own loader, so nothing is cached between requests', async () => {
    const { getInventory, batches } = countingGetInventory();
    await createInventoryContext(scope, getInventory).inventory.load('p-1');
    await createInventoryContext(scope, getInventory).inventory.load('p-1');
    expect(batches).toEqual([['p-1'], ['p-1']]);
  });
});
