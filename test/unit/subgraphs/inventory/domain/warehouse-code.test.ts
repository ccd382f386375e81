import { describe, expect, it } from 'vitest';
import {
  parseWarehouseCode,
  WAREHOUSE_CODES,
} from '../../../../../subgraphs/inventory/domain/warehouse-code.js';

describe('parseWarehouseCode', () => {
  it.each(WAREHOUSE_CODES)('accepts the warehouse %s', (code) => {
    expect(parseWarehouseCode(code)).toBe(code);
  });

  it.each(['XYZ', 'ams', ' AMS', '', 42, null])('refuses %j as BAD_USER_INPUT naming warehouse', (value) => {
    expect(() => parseWarehouseCode(value)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'warehouse' }),
    );
  });

  it('lists the known warehouses in its message', () => {
    expect(() => parseWarehouseCode('XYZ')).toThrow(
      'Unknown warehouse "XYZ": expected one of AMS, BER, LIS.',
    );
  });
});
