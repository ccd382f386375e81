import { describe, expect, it } from 'vitest';
import {
  InsufficientStock,
  ReservationAlreadyReleased,
  StockBelowReserved,
} from '../../../../../subgraphs/inventory/domain/errors.js';
import { StockLevel } from '../../../../../subgraphs/inventory/domain/stock-level.js';
import { MAX_UNITS } from '../../../../../subgraphs/inventory/domain/units.js';
import { aChangeContext, aReservation, aStockLevel, NOW } from '../../../../helpers/inventory-builders.js';

describe('StockLevel', () => {
  it('derives available as onHand minus reserved', () => {
    const level = aStockLevel({ onHand: 10, reserved: 4 });
    expect(level.available).toBe(6);
    expect(level.id).toBe('p-0001:AMS');
  });

  it('starts empty in a warehouse that never held the product', () => {
    const level = StockLevel.empty('p-0042', 'LIS');
    expect(level.toSnapshot()).toEqual({ productId: 'p-0042', warehouse: 'LIS', onHand: 0, reserved: 0 });
    expect(level.version).toBe(0);
  });

  it('refuses to start for a blank product id', () => {
    expect(() => StockLevel.empty(' ', 'LIS')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'productId' }),
    );
  });

  it.each([
    { onHand: 3, reserved: 4 },
    { onHand: 3, reserved: -1 },
    { onHand: 2.5, reserved: 0 },
  ])('refuses a stored snapshot that breaks 0 <= reserved <= onHand: %j', (units) => {
    expect(() => aStockLevel(units)).toThrow(RangeError);
  });

  describe('adjust', () => {
    it('adds units on hand and records StockAdjusted', () => {
      const level = aStockLevel({ onHand: 10, reserved: 2 });
      level.adjust(5, aChangeContext({ eventId: 'e-5' }));
      expect(level.onHand).toBe(15);
      expect(level.pullDomainEvents()).toEqual([
        {
          id: 'e-5',
          type: 'StockAdjusted',
          aggregateId: 'p-0001:AMS',
          occurredAt: NOW,
          payload: { productId: 'p-0001', warehouse: 'AMS', delta: 5, onHand: 15, reserved: 2 },
        },
      ]);
    });

    it('removes units down to exactly what is reserved', () => {
      const level = aStockLevel({ onHand: 10, reserved: 4 });
      level.adjust(-6, aChangeContext());
      expect(level.toSnapshot()).toMatchObject({ onHand: 4, reserved: 4 });
    });

    it('refuses to go below what is reserved, as CONFLICT, changing nothing', () => {
      const level = aStockLevel({ onHand: 10, reserved: 4 });
      expect(() => level.adjust(-7, aChangeContext())).toThrow(StockBelowReserved);
      expect(() => level.adjust(-7, aChangeContext())).toThrow(
        'Adjusting product p-0001 at AMS by -7 would leave 3 on hand, below the 4 reserved.',
      );
      expect(level.toSnapshot()).toMatchObject({ onHand: 10, reserved: 4 });
      expect(level.pullDomainEvents()).toEqual([]);
    });

    it('refuses to go below zero on hand', () => {
      expect(() => aStockLevel({ onHand: 1, reserved: 0 }).adjust(-2, aChangeContext())).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
    });

    it('refuses more units than an Int can carry, naming delta', () => {
      const level = aStockLevel({ onHand: MAX_UNITS - 1 });
      expect(() => level.adjust(2, aChangeContext())).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'delta' }),
      );
      expect(level.onHand).toBe(MAX_UNITS - 1);
    });

    it.each([0, 1.5])('refuses a delta of %d, naming delta', (delta) => {
      expect(() => aStockLevel().adjust(delta, aChangeContext())).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'delta' }),
      );
    });
  });

  describe('reserve', () => {
    it('holds the units for a new ACTIVE reservation and records StockReserved', () => {
      const level = aStockLevel({ warehouse: 'BER', onHand: 10, reserved: 1 });
      const reservation = level.reserve(3, 'r-1', aChangeContext({ eventId: 'e-2' }));
      expect(level.toSnapshot()).toMatchObject({ onHand: 10, reserved: 4 });
      expect(reservation.toSnapshot()).toEqual({
        id: 'r-1',
        productId: 'p-0001',
        warehouse: 'BER',
        quantity: 3,
        status: 'ACTIVE',
        createdAt: NOW,
      });
      expect(level.pullDomainEvents()).toEqual([
        {
          id: 'e-2',
          type: 'StockReserved',
          aggregateId: 'p-0001:BER',
          occurredAt: NOW,
          payload: {
            reservationId: 'r-1',
            productId: 'p-0001',
            warehouse: 'BER',
            quantity: 3,
            reserved: 4,
            available: 6,
          },
        },
      ]);
    });

    it('reserves every last available unit', () => {
      const level = aStockLevel({ onHand: 5, reserved: 2 });
      level.reserve(3, 'r-1', aChangeContext());
      expect(level.available).toBe(0);
    });

    it('refuses a reservation that would oversell, as CONFLICT, changing nothing', () => {
      const level = aStockLevel({ onHand: 5, reserved: 3 });
      expect(() => level.reserve(3, 'r-1', aChangeContext())).toThrow(InsufficientStock);
      expect(() => level.reserve(3, 'r-1', aChangeContext())).toThrow(
        'Insufficient stock for product p-0001 at AMS: 2 available, 3 requested.',
      );
      expect(level.toSnapshot()).toMatchObject({ onHand: 5, reserved: 3 });
      expect(level.pullDomainEvents()).toEqual([]);
    });

    it.each([0, -2, 1.5])('refuses a quantity of %d, naming quantity', (quantity) => {
      expect(() => aStockLevel().reserve(quantity, 'r-1', aChangeContext())).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'quantity' }),
      );
    });
  });

  describe('release', () => {
    it('gives the units back and marks the reservation RELEASED', () => {
      const level = aStockLevel({ onHand: 10, reserved: 5 });
      const reservation = aReservation({ quantity: 2 });
      level.release(reservation, aChangeContext({ eventId: 'e-3' }));
      expect(level.toSnapshot()).toMatchObject({ onHand: 10, reserved: 3 });
      expect(reservation.status).toBe('RELEASED');
      expect(level.pullDomainEvents()).toEqual([]);
      expect(reservation.pullDomainEvents()).toMatchObject([{ id: 'e-3', type: 'ReservationReleased' }]);
    });

    it('refuses a reservation released before, giving nothing back twice', () => {
      const level = aStockLevel({ onHand: 10, reserved: 5 });
      expect(() => level.release(aReservation({ status: 'RELEASED' }), aChangeContext())).toThrow(
        ReservationAlreadyReleased,
      );
      expect(level.reserved).toBe(5);
    });

    it('refuses a reservation of another warehouse', () => {
      const level = aStockLevel({ warehouse: 'AMS', onHand: 10, reserved: 5 });
      const reservation = aReservation({ warehouse: 'BER' });
      expect(() => level.release(reservation, aChangeContext())).toThrow(/does not hold stock of p-0001:AMS/);
      expect(level.reserved).toBe(5);
      expect(reservation.status).toBe('ACTIVE');
    });

    it('refuses a reservation holding more than is reserved, leaving it ACTIVE', () => {
      const level = aStockLevel({ onHand: 10, reserved: 1 });
      const reservation = aReservation({ quantity: 2 });
      expect(() => level.release(reservation, aChangeContext())).toThrow(RangeError);
      expect(reservation.status).toBe('ACTIVE');
      expect(level.reserved).toBe(1);
    });
  });

  it('survives a snapshot round trip as plain JSON', () => {
    const level = aStockLevel({ warehouse: 'LIS', onHand: 7, reserved: 2 });
    const copy = StockLevel.fromSnapshot(JSON.parse(JSON.stringify(level.toSnapshot())), 3);
    expect(copy.toSnapshot()).toEqual(level.toSnapshot());
    expect(copy.version).toBe(3);
  });
});
