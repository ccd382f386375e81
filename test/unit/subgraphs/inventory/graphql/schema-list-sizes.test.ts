import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { WAREHOUSE_CODES } from '../../../../../subgraphs/inventory/domain/warehouse-code.js';
import { readInventoryTypeDefs } from '../../../../../subgraphs/inventory/graphql/schema.js';

describe('inventory schema @listSize', () => {
  it('assumes as many warehouses as inventory keeps stock in', () => {
    const sizes: Record<string, number | undefined> = {};
    for (const definition of parse(readInventoryTypeDefs()).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const field of definition.fields ?? []) {
        const listSize = field.directives?.find((directive) => directive.name.value === 'listSize');
        const assumed = listSize?.arguments?.find((argument) => argument.name.value === 'assumedSize');
        if (field.name.value === 'warehouses')
          sizes[`${definition.name.value}.warehouses`] =
            assumed?.value.kind === Kind.INT ? Number(assumed.value.value) : undefined;
      }
    }
    expect(sizes).toEqual({
      'Inventory.warehouses': WAREHOUSE_CODES.length,
      'Query.warehouses': WAREHOUSE_CODES.length,
    });
  });
});
