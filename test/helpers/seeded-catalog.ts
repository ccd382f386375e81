import { seedStockLevels } from '../../subgraphs/inventory/adapters/seed-catalog.js';
import { seedPrice } from '../../subgraphs/pricing/adapters/seed-catalog.js';
import { seedProductIds } from '../../subgraphs/shared/seed.js';

/** A seeded product's stock as inventory's `Product.inventory` answers it, warehouses by code. */
export function seededInventory(productId: string) {
  const levels = seedStockLevels()
    .filter((level) => level.productId === productId)
    .map(({ warehouse, onHand, reserved }) => ({ warehouse, onHand, reserved }))
    .sort((a, b) => a.warehouse.localeCompare(b.warehouse));
  if (levels.length === 0) throw new Error(`${productId} is not a seeded product`);
  const onHand = levels.reduce((sum, level) => sum + level.onHand, 0);
  const reserved = levels.reduce((sum, level) => sum + level.reserved, 0);
  return { onHand, reserved, inStock: onHand - reserved > 0, warehouses: levels };
}

/** A seeded product's price as pricing's `price` answers it. */
export function seededPrice(productId: string) {
  const index = seedProductIds().indexOf(productId) + 1;
  if (index === 0) throw new Error(`${productId} is not a seeded product`);
  const { currency, listAmount, saleAmount } = seedPrice(productId, index);
  return { currency, listAmount, saleAmount };
}
